package exampletest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// EnvRequire makes a missing client or server a failure instead of a skip.
const EnvRequire = "WSDEPLOY_REQUIRE_CLIENTS"

// Require skips the test when why is not empty (something it needs is
// missing), unless EnvRequire is set.
func Require(t testing.TB, what, why string) {
	t.Helper()
	if why == "" {
		return
	}
	if os.Getenv(EnvRequire) != "" {
		t.Fatalf("%s: %s; %s is set, so this is a failure", what, why, EnvRequire)
	}
	t.Skipf("%s: %s (make deps installs it); set %s=1 to make this a failure", what, why, EnvRequire)
}

// RequireCommand requires an executable, by path or on PATH.
func RequireCommand(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Require(t, name, "not installed")
	}
	return path
}

// RequireNodeModules requires node and the npm packages of the project in
// dir (installed by npm ci from its lock file).
func RequireNodeModules(t testing.TB, dir string, packages ...string) {
	t.Helper()
	RequireCommand(t, "node")
	for _, p := range packages {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", p, "package.json")); err != nil {
			Require(t, p, "not installed in "+dir+" (npm ci there)")
		}
	}
}

// RequirePython requires Debian's python3 with the given modules: Debian's
// modules load only in /usr/bin/python3, not in another python3 on PATH.
func RequirePython(t testing.TB, modules ...string) {
	t.Helper()
	for _, m := range modules {
		if err := exec.Command("/usr/bin/python3", "-c", "import "+m).Run(); err != nil {
			Require(t, "python3-"+m, "/usr/bin/python3 cannot import "+m)
		}
	}
}
