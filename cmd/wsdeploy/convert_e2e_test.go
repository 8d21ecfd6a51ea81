package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// convertProject copies one of internal/engine/convert's s.yaml projects into a new
// directory and returns it.
func convertProject(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "internal", "engine", "convert", "testdata", name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// convert then plan: an s.yaml with vars, an env() reference and two
// functions that refer to each other becomes a stack that plans against a
// gateway, with the environment variable passed as WSDEPLOY_VAR_STAGE.
func TestE2EConvertThenPlan(t *testing.T) {
	_, env := deployEnv(t)
	project := convertProject(t, "vars-env")
	r := runBinaryEnv(t, env, project, "", "convert", "-o", "stack", "s.yaml")
	noStackTrace(t, r)
	r.expect(t, exitOK)
	if !containsAll(r.stderr, "Converted s.yaml into stack/main.hcl: 2 function(s) (front, back)", "line 22 (front): environmentVariables ${config('AccountID')}") {
		t.Errorf("convert:\n%s", r.stderr)
	}
	stack := filepath.Join(project, "stack")
	r = runBinaryEnv(t, append(env, "WSDEPLOY_VAR_STAGE=e2e"), stack, "", "plan", "-provider", "local", "-detailed-exitcode")
	noStackTrace(t, r)
	r.expect(t, exitChanges)
	if !containsAll(r.stdout, `+ function "front"`, `+ function "back"`, "tictactoe-back-e2e", `+ http_trigger "game"`, "Plan: 3 to add") {
		t.Errorf("plan:\n%s\n%s", r.stdout, r.stderr)
	}

	// A second convert into the same directory refuses to replace the file.
	r = runBinaryEnv(t, env, project, "", "convert", "-o", "stack", "s.yaml")
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, "stack/main.hcl already exists") {
		t.Errorf("second convert:\n%s", r.stderr)
	}
}

// Every s.yaml shape of internal/engine/convert's tests converts into a
// stack that plans against a gateway (go-build's included: plan builds
// its code with the pre-deploy actions that became its build block).
func TestE2EConvertedStacksPlan(t *testing.T) {
	_, env := deployEnv(t)
	dirs, err := os.ReadDir(filepath.Join("..", "..", "internal", "engine", "convert", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			project := convertProject(t, d.Name())
			r := runBinaryEnv(t, env, project, "", "convert", "-o", "stack", "s.yaml")
			r.expect(t, exitOK)
			r = runBinaryEnv(t, append(env, "WSDEPLOY_VAR_STAGE=e2e"), filepath.Join(project, "stack"), "", "plan", "-provider", "local", "-detailed-exitcode")
			noStackTrace(t, r)
			r.expect(t, exitChanges)
			if !strings.Contains(r.stdout, "+ function ") || !strings.Contains(r.stdout, " to add") {
				t.Errorf("plan:\n%s\n%s", r.stdout, r.stderr)
			}
		})
	}
}

// -o - prints only the HCL on stdout; -json reports what was left out; bad
// YAML is an error naming the line.
func TestE2EConvertOutputs(t *testing.T) {
	project := convertProject(t, "untranslatable")
	r := runBinary(t, project, "", "convert", "-o", "-", "s.yaml")
	r.expect(t, exitOK)
	if !strings.HasPrefix(r.stdout, "# Converted from s.yaml") || !strings.Contains(r.stdout, `function "legacy"`) || strings.Contains(r.stdout, "Not translated (each") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	r = runBinary(t, project, "", "-json", "convert", "-o", "-", "s.yaml")
	r.expect(t, exitOK)
	var skipped []any
	for _, ev := range jsonEvents(t, r.stdout) {
		if c, ok := ev["converted"].(map[string]any); ok {
			skipped, _ = c["not_translated"].([]any)
		}
	}
	if len(skipped) < 10 {
		t.Errorf("-json: %d settings not translated, want one per setting the file cannot translate:\n%s", len(skipped), r.stdout)
	}

	os.WriteFile(filepath.Join(project, "bad.yaml"), []byte("edition: 3.0.0\nresources:\n  a: b: c\n"), 0o644)
	r = runBinary(t, project, "", "convert", "bad.yaml")
	noStackTrace(t, r)
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, "bad.yaml is not valid YAML: line 3: mapping values are not allowed") {
		t.Errorf("bad YAML:\n%s", r.stderr)
	}
}
