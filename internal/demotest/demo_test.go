package demotest

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
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

// checkout copies what a commit of the working tree would hold into dst:
// tracked files as they are now (not as last committed) and untracked ones
// that are not ignored, without build output, node_modules or state. A
// clone would test the last commit, not the code under test.
func checkout(t *testing.T, top, dst string) {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = top
	list, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, rel := range strings.Split(string(list), "\x00") {
		if rel == "" {
			continue
		}
		src, to := filepath.Join(top, rel), filepath.Join(dst, rel)
		fi, err := os.Lstat(src)
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the working tree, not yet in the index
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(src)
			if err == nil {
				err = os.Symlink(target, to)
			}
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDemoFromACleanCheckout(t *testing.T) {
	testtier.NeedsGateway(t) // and waits out a real 10 s propagation delay
	top, err := run(t, ".", "git", "rev-parse", "--show-toplevel")
	if err != nil {
		t.Fatalf("not in a git checkout: %v %s", err, top)
	}
	clone := filepath.Join(t.TempDir(), "wsdeploy")
	checkout(t, strings.TrimSpace(top), clone)
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
