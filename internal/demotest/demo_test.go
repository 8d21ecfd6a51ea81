package demotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// run executes a command in dir with the environment minus the gateway
// state override, so the demo uses its own state inside the clone.
func run(t *testing.T, dir string, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WSDEPLOY_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestDemoFromACleanCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo waits out a real 10 s propagation delay")
	}
	top, err := run(t, ".", "git", "rev-parse", "--show-toplevel")
	if err != nil {
		t.Fatalf("not in a git checkout: %v %s", err, top)
	}
	clone := filepath.Join(t.TempDir(), "wsdeploy")
	if out, err := run(t, ".", "git", "clone", "--quiet", "--no-hardlinks", strings.TrimSpace(top), clone); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	t.Cleanup(func() { run(t, clone, "make", "demo-stop") })

	first, err := run(t, clone, "make", "demo")
	if err != nil {
		t.Fatalf("first make demo: %v\n%s", err, first)
	}
	for _, want := range []string{"Started local gateway", "Success! The configuration is valid.",
		"Plan: 2 to add, 0 to change, 0 to destroy.", "Apply complete! Resources: 2 added",
		"✓ function.echo", "Smoke test passed!", "The echo service answers at ws://127.0.0.1:"} {
		if !strings.Contains(first, want) {
			t.Errorf("first run lacks %q:\n%s", want, first)
		}
	}
	second, err := run(t, clone, "make", "demo")
	if err != nil {
		t.Fatalf("second make demo: %v\n%s", err, second)
	}
	for _, want := range []string{"Local gateway running", "No changes.", "Apply complete! Resources: 0 added, 0 changed, 0 destroyed.", "Smoke test passed!"} {
		if !strings.Contains(second, want) {
			t.Errorf("second run lacks %q:\n%s", want, second)
		}
	}
}
