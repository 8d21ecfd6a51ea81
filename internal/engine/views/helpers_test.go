package views

import (
	"bytes"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// testOutput is a run's two streams captured in buffers.
type testOutput struct {
	stdout, stderr bytes.Buffer
}

// streams returns Streams writing to o, without colour, wrapping stderr at width.
func (o *testOutput) streams(width int) Streams {
	return Streams{
		Stdout: Stream{Writer: &o.stdout},
		Stderr: Stream{Writer: &o.stderr, Width: width},
	}
}

var epoch = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func fixedClock() time.Time { return epoch }

// parseDiags returns the syntax errors hclsyntax reports for src in main.hcl,
// with the sources map views need.
func parseDiags(t *testing.T, src string) (hcl.Diagnostics, map[string][]byte) {
	t.Helper()
	_, diags := hclsyntax.ParseConfig([]byte(src), "main.hcl", hcl.InitialPos)
	if len(diags) == 0 {
		t.Fatalf("source parses without diagnostics:\n%s", src)
	}
	return diags, map[string][]byte{"main.hcl": []byte(src)}
}

// attrDiag returns a diagnostic whose subject is the real source range of
// attribute name's expression, as a validator would build it.
func attrDiag(t *testing.T, src, name string, sev hcl.DiagnosticSeverity) (*hcl.Diagnostic, map[string][]byte) {
	t.Helper()
	file, diags := hclsyntax.ParseConfig([]byte(src), "main.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse: %s", diags.Error())
	}
	var found *hclsyntax.Attribute
	hclsyntax.VisitAll(file.Body.(*hclsyntax.Body), func(n hclsyntax.Node) hcl.Diagnostics {
		if a, ok := n.(*hclsyntax.Attribute); ok && a.Name == name {
			found = a
		}
		return nil
	})
	if found == nil {
		t.Fatalf("no attribute %q in source", name)
	}
	rng := found.Expr.Range()
	return &hcl.Diagnostic{Severity: sev, Summary: "Bad " + name, Detail: "Fix " + name + ".", Subject: &rng},
		map[string][]byte{"main.hcl": []byte(src)}
}
