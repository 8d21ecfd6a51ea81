package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var allVerbs = []string{"init", "convert", "validate", "fmt", "plan", "apply", "dev", "destroy", "import", "force-unlock", "output", "status", "smoke",
	"gateway", "logs", "sessions", "billing", "plugins", "version", "completion"}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// Every verb appears in help with its one-line usage, with no arguments and
// with --help alike.
func TestHelpListsEveryVerb(t *testing.T) {
	usages := map[string]string{}
	for _, v := range verbs() {
		usages[v.cmd.Name] = v.cmd.Usage
	}
	for _, args := range [][]string{nil, {"--help"}, {"-h"}} {
		r := runCLI(t, "", args...)
		r.expect(t, exitOK)
		for _, name := range allVerbs {
			if usages[name] == "" {
				t.Fatalf("verb %q has no usage line", name)
			}
			if !containsAll(r.stdout, "   "+name+" ", usages[name]+"\n") {
				t.Errorf("%q: help does not list %q with %q:\n%s", args, name, usages[name], r.stdout)
			}
		}
		for _, flag := range []string{"--chdir DIR", "--json", "--no-color", "--var NAME=VALUE", "--var-file FILE"} {
			if !strings.Contains(r.stdout, flag) {
				t.Errorf("%q: help does not show global flag %s", args, flag)
			}
		}
	}
	if got := len(verbs()); got != len(allVerbs) {
		t.Errorf("%d verbs defined, test knows %d", got, len(allVerbs))
	}
}

func TestUnknownVerbIsAUsageError(t *testing.T) {
	r := runCLI(t, "", "deploy")
	r.expect(t, exitError)
	if want := "Error: unknown command \"deploy\"\nRun 'wsdeploy --help' for usage.\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	if r.stdout != "" {
		t.Errorf("stdout %q, want empty", r.stdout)
	}
}

func TestUnknownFlagIsAUsageError(t *testing.T) {
	cases := map[string][]string{
		"Run 'wsdeploy --help' for usage.\n":     {"-nope", "validate"},
		"Run 'wsdeploy fmt --help' for usage.\n": {"fmt", "-nope"},
	}
	for hint, args := range cases {
		r := runCLI(t, "", args...)
		r.expect(t, exitError)
		if !strings.HasPrefix(r.stderr, "Error: flag provided but not defined: -nope\n") || !strings.HasSuffix(r.stderr, hint) {
			t.Errorf("%q: stderr %q", args, r.stderr)
		}
	}
}

// urfave's help command ends with its own exit code 3 for an unknown topic;
// that must not collide with "smoke test failed".
func TestHelpForUnknownTopicExitsOne(t *testing.T) {
	r := runCLI(t, "", "help", "nope")
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, "No help topic for 'nope'") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestVerbHelp(t *testing.T) {
	r := runCLI(t, "", "fmt", "--help")
	r.expect(t, exitOK)
	if !containsAll(r.stdout, "wsdeploy fmt [command options] [FILE|DIR|-]...", "--check", "--diff", "--recursive",
		"Global options (also accepted before the command):", "--var-file FILE") {
		t.Errorf("fmt --help:\n%s", r.stdout)
	}
}

func TestInitCopiesAnExample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "svc")
	r := runCLI(t, "", "init", "--example", "echo-python", dir)
	r.expect(t, exitOK)
	if !strings.Contains(r.stderr, "Created "+dir+" from the echo-python example") {
		t.Errorf("stderr %q", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "main.hcl")); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", "init", "--example", "echo-python", dir)
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, "not empty") {
		t.Errorf("second init: %q", r.stderr)
	}
	r = runCLI(t, "", "-json", "init", "--example", "nosuch", filepath.Join(t.TempDir(), "x"))
	r.expect(t, exitError)
	if !strings.Contains(r.stdout, `there is no example \"nosuch\"`) {
		t.Errorf("unknown example: %q", r.stdout)
	}
}

func TestChdirToMissingDirectory(t *testing.T) {
	useFakeLoader(t, nil, nil)
	r := runCLI(t, "", "-chdir", "/does/not/exist", "validate")
	r.expect(t, exitError)
	want := "Error: cannot switch to directory \"/does/not/exist\" (-chdir): no such file or directory\n"
	if r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
}

func TestFlagAfterArgumentIsRefused(t *testing.T) {
	f := useFakeLoader(t, nil, nil)
	r := runCLI(t, "", "validate", "stack", "-json")
	r.expect(t, exitError)
	if f.calls != 0 || !strings.Contains(r.stderr, "flag -json comes after an argument; put flags first") {
		t.Errorf("loader calls %d, stderr %q", f.calls, r.stderr)
	}
}
