package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const (
	messyHCL  = "a=1\nlonger = 2\n"
	tidyHCL   = "a      = 1\nlonger = 2\n"
	brokenHCL = "function \"x\" {\n  a = \n"
)

// fmtTree writes files (relative path → content) into a temp dir and makes
// it the working directory.
func fmtTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFmtRewritesAndLists(t *testing.T) {
	fmtTree(t, map[string]string{"main.hcl": messyHCL, "ok.hcl": tidyHCL, "notes.txt": messyHCL, "sub/deep.hcl": messyHCL})
	r := runCLI(t, "", "fmt")
	r.expect(t, exitOK)
	if r.stdout != "main.hcl\n" || r.stderr != "" {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if got := readFile(t, "main.hcl"); got != tidyHCL {
		t.Errorf("main.hcl = %q", got)
	}
	if readFile(t, "notes.txt") != messyHCL || readFile(t, "sub/deep.hcl") != messyHCL {
		t.Error("fmt touched a file that is not a *.hcl of the directory")
	}
	info, _ := os.Stat("main.hcl")
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode changed to %v", info.Mode().Perm())
	}
}

func TestFmtRecursiveSkipsHiddenDirs(t *testing.T) {
	fmtTree(t, map[string]string{"sub/deep.hcl": messyHCL, ".git/x.hcl": messyHCL, "main.hcl": tidyHCL})
	r := runCLI(t, "", "fmt", "-recursive")
	r.expect(t, exitOK)
	if r.stdout != filepath.Join("sub", "deep.hcl")+"\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	if readFile(t, ".git/x.hcl") != messyHCL {
		t.Error("fmt -recursive entered a hidden directory")
	}
}

func TestFmtCheckWritesNothing(t *testing.T) {
	fmtTree(t, map[string]string{"main.hcl": messyHCL, "ok.hcl": tidyHCL})
	r := runCLI(t, "", "fmt", "-check")
	r.expect(t, exitError)
	if r.stdout != "main.hcl\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	if readFile(t, "main.hcl") != messyHCL {
		t.Error("fmt -check wrote the file")
	}
	runCLI(t, "", "fmt", "-check", "ok.hcl").expect(t, exitOK)
}

func TestFmtDiff(t *testing.T) {
	fmtTree(t, map[string]string{"stack/main.hcl": messyHCL})
	r := runCLI(t, "", "fmt", "-check", "-diff", "stack")
	r.expect(t, exitError)
	want := "stack/main.hcl\n--- a/stack/main.hcl\n+++ b/stack/main.hcl\n@@ -1,2 +1,2 @@\n-a=1\n+a      = 1\n longer = 2\n"
	if r.stdout != want {
		t.Errorf("stdout %q\nwant   %q", r.stdout, want)
	}
}

// A file with syntax errors is reported and left alone; the others are
// still formatted, and the run fails.
func TestFmtSyntaxErrorLeavesFileUntouched(t *testing.T) {
	fmtTree(t, map[string]string{"bad.hcl": brokenHCL, "main.hcl": messyHCL})
	r := runCLI(t, "", "fmt")
	r.expect(t, exitError)
	if readFile(t, "bad.hcl") != brokenHCL {
		t.Error("broken file was modified")
	}
	if readFile(t, "main.hcl") != tidyHCL {
		t.Error("valid file next to a broken one was not formatted")
	}
	if !strings.HasPrefix(r.stderr, "Error: bad.hcl:2:7: Invalid expression\n\n  2 |   a = \n    |       ^\n") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestFmtStdin(t *testing.T) {
	cases := []struct {
		args   []string
		code   int
		stdout string
	}{
		{[]string{"fmt", "-"}, exitOK, tidyHCL},
		{[]string{"fmt", "-check", "-"}, exitError, ""},
		{[]string{"fmt", "-diff", "-"}, exitOK, "--- a/<stdin>\n+++ b/<stdin>\n@@ -1,2 +1,2 @@\n-a=1\n+a      = 1\n longer = 2\n"},
	}
	for _, c := range cases {
		r := runCLI(t, messyHCL, c.args...)
		r.expect(t, c.code)
		if r.stdout != c.stdout || r.stderr != "" {
			t.Errorf("%q: stdout %q, stderr %q", c.args, r.stdout, r.stderr)
		}
	}
	r := runCLI(t, tidyHCL, "fmt", "-check", "-")
	r.expect(t, exitOK)
	r = runCLI(t, brokenHCL, "fmt", "-")
	r.expect(t, exitError)
	if r.stdout != "" || !strings.HasPrefix(r.stderr, "Error: <stdin>:2:7: Invalid expression") {
		t.Errorf("broken stdin: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}

func TestFmtMissingPath(t *testing.T) {
	fmtTree(t, nil)
	r := runCLI(t, "", "fmt", "nope.hcl")
	r.expect(t, exitError)
	if r.stderr != "Error: nope.hcl: no such file or directory\n" {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestFmtJSON(t *testing.T) {
	fmtTree(t, map[string]string{"main.hcl": messyHCL, "ok.hcl": tidyHCL})
	r := runCLI(t, "", "-json", "fmt", "-check")
	r.expect(t, exitError)
	evs := jsonEvents(t, r.stdout)
	if got, want := eventTypes(evs), []string{"version", "fmt_file", "fmt_file"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	if evs[1]["filename"] != "main.hcl" || evs[1]["changed"] != true || evs[1]["written"] != false ||
		evs[2]["filename"] != "ok.hcl" || evs[2]["changed"] != false {
		t.Errorf("events %v", evs[1:])
	}
}

func TestFmtChdir(t *testing.T) {
	fmtTree(t, map[string]string{"stack/main.hcl": messyHCL})
	r := runCLI(t, "", "-chdir=stack", "fmt")
	r.expect(t, exitOK)
	if r.stdout != "main.hcl\n" || readFile(t, "main.hcl") != tidyHCL {
		t.Errorf("stdout %q", r.stdout)
	}
}
