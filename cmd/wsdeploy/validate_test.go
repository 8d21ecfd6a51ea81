package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// parsedStack returns a stack holding src as main.hcl and the syntax
// diagnostics hclsyntax reports for it, as config.Load would.
func parsedStack(src string) (*config.Stack, hcl.Diagnostics) {
	_, diags := hclsyntax.ParseConfig([]byte(src), "main.hcl", hcl.InitialPos)
	return &config.Stack{Files: map[string][]byte{"main.hcl": []byte(src)}}, diags
}

func TestValidateSuccess(t *testing.T) {
	f := useFakeLoader(t, &config.Stack{}, nil)
	r := runCLI(t, "", "validate")
	r.expect(t, exitOK)
	if r.stdout != "Success! The configuration is valid.\n" || r.stderr != "" {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if f.calls != 1 || f.dir != "." {
		t.Errorf("Load called %d times with dir %q", f.calls, f.dir)
	}
	if want := []string{"WSDEPLOY_VAR_region=cn-hangzhou"}; !reflect.DeepEqual(f.opts.Environ, want) {
		t.Errorf("Environ %q, want %q", f.opts.Environ, want)
	}
}

func TestValidatePassesDirAndVarsInOrder(t *testing.T) {
	f := useFakeLoader(t, &config.Stack{}, nil)
	r := runCLI(t, "", "-var", "a=1", "validate", "-var-file", "x.vars.hcl", "-var", "a=2", "stacks/chat")
	r.expect(t, exitOK)
	want := []config.VarArg{{Assignment: "a=1"}, {File: "x.vars.hcl"}, {Assignment: "a=2"}}
	if f.dir != "stacks/chat" || !reflect.DeepEqual(f.opts.Vars, want) {
		t.Errorf("Load(%q, %+v), want vars %+v", f.dir, f.opts.Vars, want)
	}
}

func TestValidateWarningsExitZero(t *testing.T) {
	rng := hcl.Range{Filename: "main.hcl", Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 2, Byte: 1}}
	useFakeLoader(t, &config.Stack{Files: map[string][]byte{"main.hcl": []byte("a = 1\n")}},
		hcl.Diagnostics{{Severity: hcl.DiagWarning, Summary: "Careful", Subject: &rng}})
	r := runCLI(t, "", "validate")
	r.expect(t, exitOK)
	if r.stdout != "Success! The configuration is valid, with 1 warning.\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	if want := "Warning: main.hcl:1:1: Careful\n\n  1 | a = 1\n    | ^\n\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
}

func TestValidateErrorsShowSnippetsAndExitOne(t *testing.T) {
	stack, diags := parsedStack("function \"chat\" {\n  runtime = \n}\n")
	useFakeLoader(t, stack, diags)
	r := runCLI(t, "", "validate")
	r.expect(t, exitError)
	want := "Error: main.hcl:2:13: Invalid expression\n\n" +
		"  2 |   runtime = \n    |             ^\n\n" +
		"Expected the start of an expression, but found an invalid expression token.\n\n" +
		"1 error, 0 warnings\n"
	if r.stderr != want || r.stdout != "" {
		t.Errorf("stdout %q\nstderr %q\nwant   %q", r.stdout, r.stderr, want)
	}
}

// Load returns no stack when the directory cannot be read: diagnostics
// still print, without snippets.
func TestValidateWithoutStack(t *testing.T) {
	useFakeLoader(t, nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read the stack directory", Detail: "nope: no such directory."}})
	r := runCLI(t, "", "validate", "nope")
	r.expect(t, exitError)
	if want := "Error: Cannot read the stack directory\n\nnope: no such directory.\n\n1 error, 0 warnings\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
}

func TestValidateJSON(t *testing.T) {
	stack, diags := parsedStack("a = %\n")
	for _, args := range [][]string{{"-json", "validate"}, {"validate", "-json"}} {
		useFakeLoader(t, stack, diags)
		r := runCLI(t, "", args...)
		r.expect(t, exitError)
		if r.stderr != "" {
			t.Errorf("%q: stderr %q, want empty", args, r.stderr)
		}
		evs := jsonEvents(t, r.stdout)
		if got, want := eventTypes(evs), []string{"version", "diagnostic", "validate_result"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: events %v, want %v", args, got, want)
		}
		sn := evs[1]["diagnostic"].(map[string]any)["snippet"].(map[string]any)
		if sn["code"] != "a = %" {
			t.Errorf("%q: snippet %v", args, sn)
		}
		if res := evs[2]; res["valid"] != false || res["error_count"] != float64(1) {
			t.Errorf("%q: result %v", args, res)
		}
	}
}

func TestValidateTooManyArguments(t *testing.T) {
	f := useFakeLoader(t, &config.Stack{}, nil)
	r := runCLI(t, "", "validate", "a", "b")
	r.expect(t, exitError)
	if f.calls != 0 || !strings.HasPrefix(r.stderr, "Error: validate takes one stack directory, got 2 arguments") {
		t.Errorf("calls %d, stderr %q", f.calls, r.stderr)
	}
}

// -chdir applies before Load, from either position.
func TestValidateChdir(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "stack"), 0o755); err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.EvalSymlinks(filepath.Join(root, "stack"))
	for _, args := range [][]string{{"-chdir", "stack", "validate"}, {"validate", "-chdir=stack"}} {
		t.Chdir(root)
		f := useFakeLoader(t, &config.Stack{}, nil)
		runCLI(t, "", args...).expect(t, exitOK)
		if got, _ := filepath.EvalSymlinks(f.cwd); got != want || f.dir != "." {
			t.Errorf("%q: Load ran in %q with dir %q, want %q", args, got, f.dir, want)
		}
	}
}

// A panic below the CLI is reported as one error line, not a stack trace.
func TestPanicBecomesAnError(t *testing.T) {
	old := loadConfig
	t.Cleanup(func() { loadConfig = old })
	loadConfig = func(string, config.Options) (*config.Stack, hcl.Diagnostics) { panic("boom") }
	r := runCLI(t, "", "validate")
	r.expect(t, exitError)
	if want := "Error: internal error: boom (this is a bug in wsdeploy; please report it)\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
}
