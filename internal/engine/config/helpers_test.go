package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/zclconf/go-cty/cty"
)

// marker shows, in a test source, where the expected diagnostic starts. It is
// removed before the file is written.
const marker = "⟪"

// stackDir writes files into a fresh directory with a code directory "src"
// holding an executable "server", and returns the directory.
func stackDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "server"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.ReplaceAll(src, marker, "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// markerPos is the line and column of the marker in src.
func markerPos(t *testing.T, src string) (line, col int) {
	t.Helper()
	i := strings.Index(src, marker)
	if i < 0 {
		t.Fatalf("test source has no %s marker", marker)
	}
	before := src[:i]
	line = strings.Count(before, "\n") + 1
	col = len([]rune(before[strings.LastIndex(before, "\n")+1:])) + 1
	return line, col
}

var testSchemas = map[string]providers.Schema{
	"local": {Attributes: []providers.SchemaAttribute{{Name: "state_dir", Type: cty.String}}},
	"aliyun": {Attributes: []providers.SchemaAttribute{
		{Name: "region", Type: cty.String, Required: true},
		{Name: "access_key_secret", Type: cty.String, Sensitive: true},
	}},
}

func loadMain(t *testing.T, src string, opts Options) (*Stack, hcl.Diagnostics, string) {
	t.Helper()
	return loadFiles(t, src, nil, opts)
}

// loadFiles is loadMain with more files in the stack directory.
func loadFiles(t *testing.T, src string, files map[string]string, opts Options) (*Stack, hcl.Diagnostics, string) {
	t.Helper()
	all := map[string]string{"main.hcl": src}
	for name, content := range files {
		all[name] = content
	}
	dir := stackDir(t, all)
	if opts.Environ == nil {
		opts.Environ = []string{}
	}
	if opts.ProviderSchemas == nil {
		opts.ProviderSchemas = testSchemas
	}
	st, diags := Load(dir, opts)
	return st, diags, dir
}

// findDiag returns the first diagnostic with the summary, failing the test
// (and listing what was found) when there is none.
func findDiag(t *testing.T, diags hcl.Diagnostics, sev hcl.DiagnosticSeverity, summary string) *hcl.Diagnostic {
	t.Helper()
	for _, d := range diags {
		if d.Severity == sev && d.Summary == summary {
			return d
		}
	}
	t.Fatalf("no diagnostic %q among:\n%s", summary, listDiags(diags))
	return nil
}

func listDiags(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString("  " + d.Error() + "\n")
	}
	return b.String()
}

func errorsOf(diags hcl.Diagnostics) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			out = append(out, d)
		}
	}
	return out
}

// fn is a valid function block with extra body text inserted.
func fn(extra string) string {
	return `function "chat" {
  code    = "./src"
  command = ["./server"]
  timeout = 600
` + extra + `
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    send   = "ping"
    expect = "pong"
  }
}
`
}

// containerFn is a custom-container function whose container block holds
// body.
func containerFn(body string) string {
	return `function "c" {
  runtime = "custom-container"
  timeout = 600
  container {
` + body + `
  }
  http_trigger "ws" {}
  smoke {
    enabled = false
  }
}`
}

// chatWith is a function "chat" with code, a trigger and no smoke test,
// whose other attributes are attrs.
func chatWith(attrs string) string {
	return `function "chat" {
  code    = "./src"
  command = ["./server"]
` + attrs + `
  http_trigger "ws" {}
  smoke {
    enabled = false
  }
}
`
}

// checkOnly loads tc.src and checks that the one diagnostic reported is
// tc's, at the marker: nothing else is reported alongside it.
func checkOnly(t *testing.T, tc ruleCase, sev hcl.DiagnosticSeverity) hcl.Diagnostics {
	t.Helper()
	diags := checkRule(t, tc, sev)
	line, col := markerPos(t, tc.src)
	want := []string{fmt.Sprintf("%s: %s @%d:%d", severityName(sev), tc.summary, line, col)}
	if got := diagSet(diags); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant exactly %q", listDiags(diags), want)
	}
	return diags
}

// quotesNot fails when a diagnostic's text holds s (a secret, a raw NUL).
func quotesNot(t *testing.T, diags hcl.Diagnostics, s string) {
	t.Helper()
	for _, d := range diags {
		if strings.Contains(d.Summary+d.Detail, s) {
			t.Errorf("a diagnostic quotes %q: %s", s, d.Detail)
		}
	}
}

// diagSet lists diagnostics as "severity: summary @line:col", the whole set
// a user sees, so a test can say that nothing else is reported.
func diagSet(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		at := ""
		if d.Subject != nil {
			at = fmt.Sprintf(" @%d:%d", d.Subject.Start.Line, d.Subject.Start.Column)
		}
		out = append(out, severityName(d.Severity)+": "+d.Summary+at)
	}
	return out
}

func severityName(sev hcl.DiagnosticSeverity) string {
	if sev == hcl.DiagWarning {
		return "warning"
	}
	return "error"
}
