package exampletest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// Require skips the test when why is not empty (something it needs is
// missing), unless WSDEPLOY_REQUIRE_CLIENTS is set: see testtier.Require.
func Require(t testing.TB, what, why string) {
	t.Helper()
	testtier.Require(t, what, why)
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
