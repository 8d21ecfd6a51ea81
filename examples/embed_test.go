package examples

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Every file git tracks in an example, except tests, test data and the
// examples' own test helpers, must be embedded: otherwise init copies a
// stack that does not work.
func TestEmbedsEveryExampleFile(t *testing.T) {
	out, err := exec.Command("git", "ls-files").Output()
	if err != nil {
		t.Skip("not in a git checkout:", err)
	}
	for _, f := range strings.Fields(string(out)) {
		name, rel, ok := strings.Cut(f, "/")
		if !ok || name == "internal" || strings.HasSuffix(rel, "_test.go") || strings.Contains(rel, "testdata/") {
			continue
		}
		list, err := Files(name)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(list, rel) {
			t.Errorf("%s is not embedded: add it to the go:embed lines of embed.go", f)
		}
	}
}

func TestWrite(t *testing.T) {
	if !slices.Contains(Names(), "echo-python") || !slices.Contains(Names(), "echo-go") {
		t.Fatalf("names: %v", Names())
	}
	dir := filepath.Join(t.TempDir(), "my-echo")
	if err := Write("echo-python", dir); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "src", "bootstrap"))
	if err != nil || info.Mode().Perm() != 0o755 {
		t.Fatalf("bootstrap: %v %v", info, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "src", ".fcignore")); err != nil {
		t.Errorf(".fcignore not copied: %v", err)
	}
	if err := Write("echo-python", dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("second write: %v", err)
	}
	if err := Write("nosuch", t.TempDir()); err == nil || !strings.Contains(err.Error(), "echo-go") {
		t.Errorf("unknown example: %v", err)
	}
	// chat-domain builds chat-redis's server in the repository; a copy
	// carries that code in its own server/ and builds it there.
	chat := filepath.Join(t.TempDir(), "chat")
	if err := Write("chat-domain", chat); err != nil {
		t.Fatal(err)
	}
	hcl, err := os.ReadFile(filepath.Join(chat, "main.hcl"))
	if err != nil || !strings.Contains(string(hcl), `"./server"`) || strings.Contains(string(hcl), `"../chat-redis/server"`) {
		t.Errorf("chat-domain's main.hcl does not build its own ./server: %v\n%s", err, hcl)
	}
	for _, f := range []string{"server/main.go", "server/chat.go", "server/hub.go", "server/index.html", "go.mod"} {
		if _, err := os.Stat(filepath.Join(chat, f)); err != nil {
			t.Errorf("chat-domain copy lacks %s: %v", f, err)
		}
	}
	goDir := filepath.Join(t.TempDir(), "svc")
	if err := Write("echo-go", goDir); err != nil {
		t.Fatal(err)
	}
	if mod, err := os.ReadFile(filepath.Join(goDir, "go.mod")); err != nil || !strings.HasPrefix(string(mod), "module svc\n") {
		t.Errorf("go.mod: %q %v", mod, err)
	}
}
