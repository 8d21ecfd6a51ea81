package fclang

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// hostLinks is what Links gives for custom.debian10 on this machine,
// searched over the test's own PATH the way the gateway searches an
// instance's. It skips when the host has neither node nor python3.
func hostLinks(t *testing.T) []Link {
	t.Helper()
	got := Links("custom.debian10", LookPath(os.Getenv("PATH")))
	if len(got) == 0 {
		t.Skip("this host has neither node nor python3 outside shims")
	}
	return got
}

// On this host every link's HostPath/bin/<exe> is the interpreter the PATH
// search finds, past any pyenv shim (here /root/.pyenv/shims comes first).
func TestHostLinks(t *testing.T) {
	for _, l := range hostLinks(t) {
		p, err := LookPath(os.Getenv("PATH"))(l.Exe)
		if err != nil {
			t.Fatalf("%s mapped, but LookPath(%s): %v", l.FCPath, l.Exe, err)
		}
		want, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.Stat(filepath.Join(l.HostPath, "bin", l.Exe))
		if err != nil || !os.SameFile(got, want) {
			t.Errorf("%s → %s: bin/%s is not %s (%v)", l.FCPath, l.HostPath, l.Exe, p, err)
		}
		if isShimPath(p) || isShimPath(l.HostPath) {
			t.Errorf("%s mapped to a shim: %s", l.FCPath, p)
		}
		t.Logf("%s → %s (%s %s)", l.FCPath, l.HostPath, l.Exe, l.HostVersion)
	}

	// exec.LookPath answers with the first python3 on PATH; when that is a
	// shim, Links maps no python rather than a shims directory.
	if p, err := exec.LookPath("python3"); err == nil && isShimPath(p) {
		for _, l := range Links("custom.debian10", exec.LookPath) {
			if l.Language == "python" {
				t.Errorf("exec.LookPath found the shim %s, yet %s was mapped to %s", p, l.FCPath, l.HostPath)
			}
		}
	}
}

// The mapping works as the sandbox will use it: in a mount namespace of its
// own (unshare, rootless through a user namespace where allowed), each
// HostPath is bind-mounted read-only at a copy of its FCPath, and FC's
// bootstrap lines run the host's interpreters from there: node runs, and
// python3 finds its standard library under the FC path (sys.prefix).
func TestHostLinksBindMounted(t *testing.T) {
	testtier.NeedsProcesses(t)
	links := hostLinks(t)
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("no unshare(1) to make a mount namespace")
	}
	root := t.TempDir()
	var script strings.Builder
	script.WriteString("set -e\n")
	for _, l := range links {
		dir := filepath.Join(root, l.FCPath)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		script.WriteString("mount --bind -o ro '" + l.HostPath + "' '" + dir + "'\n")
		switch l.Language {
		case "nodejs":
			script.WriteString("'" + dir + "/bin/node' -e 'console.log(\"node \" + process.execPath + \" \" + process.version)'\n")
		case "python":
			script.WriteString("'" + dir + "/bin/python3' -c 'import sys, json; print(\"python\", sys.prefix, sys.version.split()[0])'\n")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "unshare", "--map-root-user", "--mount", "sh", "-c", script.String()).CombinedOutput()
	if err != nil {
		if strings.Contains(string(out), "Operation not permitted") || strings.Contains(string(out), "Permission denied") {
			t.Skipf("no mount namespace here: %s", out)
		}
		t.Fatalf("bootstrap lines through the mapping failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	for _, l := range links {
		dir := filepath.Join(root, l.FCPath)
		var want string
		switch l.Language {
		case "nodejs":
			want = "node " + dir + "/bin/node "
		case "python":
			want = "python " + dir + " "
		}
		if !strings.Contains(string(out), want) {
			t.Errorf("%s: output lacks %q", l.FCPath, want)
		}
	}
}

// Links runs at every instance start: it must stay cheap (no subprocess).
func BenchmarkHostLinks(b *testing.B) {
	lookPath := LookPath(os.Getenv("PATH"))
	for b.Loop() {
		Links("custom.debian10", lookPath)
	}
}
