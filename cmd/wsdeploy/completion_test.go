package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// checkSyntax runs `shell -n` on script; the shell must be installed unless
// optional, in which case the test says it skipped.
func checkSyntax(t *testing.T, shell, script string, optional bool) {
	t.Helper()
	path, err := exec.LookPath(shell)
	if err != nil {
		// CI installs every shell (make deps) and sets WSDEPLOY_REQUIRE_CLIENTS.
		if optional && os.Getenv("WSDEPLOY_REQUIRE_CLIENTS") == "" {
			t.Skipf("%s is not installed: cannot check the %s script's syntax", shell, shell)
		}
		t.Fatalf("%s is not installed", shell)
	}
	file := filepath.Join(t.TempDir(), "completion")
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(path, "-n", file).CombinedOutput(); err != nil {
		t.Errorf("%s -n: %v\n%s", shell, err, out)
	}
}

func TestCompletionScripts(t *testing.T) {
	cases := []struct {
		shell    string
		optional bool   // bash is always there; zsh and fish may not be
		marker   string // proves the script completes wsdeploy
	}{
		{"bash", false, "complete -o bashdefault -o default -o nospace -F _wsdeploy_complete wsdeploy"},
		{"zsh", true, "compdef _wsdeploy wsdeploy"},
		{"fish", true, "complete -c wsdeploy"},
	}
	for _, c := range cases {
		t.Run(c.shell, func(t *testing.T) {
			r := runCLI(t, "", "completion", c.shell)
			r.expect(t, exitOK)
			if !strings.Contains(r.stdout, c.marker) {
				t.Fatalf("script lacks %q:\n%s", c.marker, r.stdout)
			}
			if c.shell != "fish" && !strings.Contains(r.stdout, "--generate-bash-completion") {
				t.Errorf("script does not ask the binary for candidates")
			}
			checkSyntax(t, c.shell, r.stdout, c.optional)
		})
	}
}

// -json must not put a version event in front of a script.
func TestCompletionIgnoresJSON(t *testing.T) {
	r := runCLI(t, "", "-json", "completion", "bash")
	r.expect(t, exitOK)
	if strings.HasPrefix(r.stdout, "{") {
		t.Errorf("script starts with an event: %q", r.stdout[:40])
	}
}

func TestCompletionFishListsVerbs(t *testing.T) {
	r := runCLI(t, "", "completion", "fish")
	for _, verb := range allVerbs {
		if !strings.Contains(r.stdout, "-a '"+verb+"'") {
			t.Errorf("fish script does not complete %q", verb)
		}
	}
}

func TestCompletionBadShell(t *testing.T) {
	for args, want := range map[string]string{
		"tcsh": "Error: no completion for shell \"tcsh\": choose bash, zsh or fish\n",
		"":     "Error: completion takes one shell name: bash, zsh or fish; got 0 arguments\n",
	} {
		r := runCLI(t, "", strings.Fields("completion "+args)...)
		r.expect(t, exitError)
		if r.stderr != want {
			t.Errorf("%q: stderr %q, want %q", args, r.stderr, want)
		}
	}
}
