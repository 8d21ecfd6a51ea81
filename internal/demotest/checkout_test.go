package demotest

import (
	"os"
	"path/filepath"
	"testing"
)

// The demo runs on the working tree as it is: an edit not yet committed,
// a new file not yet added, and a deletion all reach the copy; ignored
// files do not.
func TestCheckoutHoldsTheWorkingTree(t *testing.T) {
	repo := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		if out, err := run(t, repo, "git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.test"}, args...)...); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(repo, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q")
	write(".gitignore", "bin/\n")
	write("edited", "committed\n")
	write("deleted", "committed\n")
	git("add", ".")
	git("commit", "-q", "-m", "c")
	write("edited", "working tree\n")
	write("new", "untracked\n")
	if err := os.Remove(filepath.Join(repo, "deleted")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(repo, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("bin/built", "ignored\n")

	dst := filepath.Join(t.TempDir(), "copy")
	checkout(t, repo, dst)
	for name, want := range map[string]string{"edited": "working tree\n", "new": "untracked\n", ".gitignore": "bin/\n"} {
		if got, err := os.ReadFile(filepath.Join(dst, name)); err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	for _, name := range []string{"deleted", "bin/built"} {
		if _, err := os.Lstat(filepath.Join(dst, name)); err == nil {
			t.Errorf("%s was copied", name)
		}
	}
}
