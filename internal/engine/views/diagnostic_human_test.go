package views

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func renderHuman(diags hcl.Diagnostics, sources map[string][]byte, width int) string {
	var o testOutput
	(&Human{Streams: o.streams(width)}).Diagnostics(diags, sources)
	if o.stdout.Len() != 0 {
		panic("diagnostics written to stdout: " + o.stdout.String())
	}
	return o.stderr.String()
}

func TestHumanDiagnosticSyntaxError(t *testing.T) {
	diags, src := parseDiags(t, "function \"chat\" {\n  runtime = \n}\n")
	want := `Error: main.hcl:2:13: Invalid expression

  2 |   runtime = 
    |             ^

Expected the start of an expression, but
found an invalid expression token.

`
	if got := renderHuman(diags, src, 40); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestHumanDiagnosticFirstLine(t *testing.T) {
	diags, src := parseDiags(t, "a = %\nb = 1\n")
	want := `Error: main.hcl:1:5: Invalid expression

  1 | a = %
    |     ^

Expected the start of an expression, but found an invalid expression token.

`
	if got := renderHuman(diags, src, 0); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// The last line has no newline and the subject ends the file.
func TestHumanDiagnosticLastLine(t *testing.T) {
	diag, src := attrDiag(t, "a = 1\nb = \"last\"", "b", hcl.DiagError)
	want := `Error: main.hcl:2:5: Bad b

  2 | b = "last"
    |     ^^^^^^

Fix b.

`
	if got := renderHuman(hcl.Diagnostics{diag}, src, 0); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestHumanDiagnosticMultiLineRange(t *testing.T) {
	src := "# 1\n# 2\n# 3\n# 4\n# 5\n# 6\n# 7\nf {\n  env = {\n\n    A = \"1\"\n  }\n}\n"
	diag, sources := attrDiag(t, src, "env", hcl.DiagWarning)
	// Line numbers reach two digits: the gutter widens for all lines.
	want := `Warning: main.hcl:9:9: Bad env

   9 |   env = {
     |         ^
  10 | 
  11 |     A = "1"
     |     ^^^^^^^
  12 |   }
     |   ^

Fix env.

`
	if got := renderHuman(hcl.Diagnostics{diag}, sources, 0); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// Tabs before the subject are kept in the underline, and a character made of
// several code points (e + combining acute) takes one column, so the carets
// line up with the code.
func TestHumanDiagnosticTabsAndCombiningCharacters(t *testing.T) {
	diags, src := parseDiags(t, "a = 1\n\tb = \"e\u0301\" $\n")
	got := renderHuman(diags[:1], src, 0)
	want := "  2 | \tb = \"e\u0301\" $\n    | \t        ^\n"
	if !strings.Contains(got, want) {
		t.Errorf("got:\n%s\nwant it to contain:\n%s", got, want)
	}
}

func TestHumanDiagnosticCRLF(t *testing.T) {
	diags, src := parseDiags(t, "a = 1\r\nb = %\r\n")
	got := renderHuman(diags[:1], src, 0)
	if strings.Contains(got, "\r") {
		t.Errorf("carriage return leaked into the snippet: %q", got)
	}
	if !strings.Contains(got, "  2 | b = %\n    |     ^\n") {
		t.Errorf("snippet missing or misplaced:\n%s", got)
	}
}

func TestHumanDiagnosticWithoutSubject(t *testing.T) {
	diags := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "No stack files", Detail: "Add a main.hcl."}}
	want := "Error: No stack files\n\nAdd a main.hcl.\n\n"
	if got := renderHuman(diags, nil, 0); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHumanDiagnosticWrapsDetailButNotIndentedLines(t *testing.T) {
	diags := hcl.Diagnostics{{
		Severity: hcl.DiagWarning,
		Summary:  "s",
		Detail:   "one two three four five six\n    keep this indented line as it is\nseven eight",
	}}
	want := "Warning: s\n\none two three\nfour five six\n    keep this indented line as it is\nseven eight\n\n"
	if got := renderHuman(diags, nil, 14); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHumanDiagnosticColour(t *testing.T) {
	diags, src := parseDiags(t, "a = %\n")
	var o testOutput
	s := o.streams(0)
	s.Stderr.Color = NewColor(true)
	(&Human{Streams: s}).Diagnostics(diags, src)
	want := "\x1b[1;31mError:\x1b[0m main.hcl:1:5: \x1b[1mInvalid expression\x1b[0m\n\n" +
		"  1 | a = %\n    |     \x1b[31m^\x1b[0m\n\n"
	if got := o.stderr.String(); !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want prefix %q", got, want)
	}
}

// Ranges that do not fit the source must render without a snippet (or with
// the part that does fit) and never panic.
func TestHumanDiagnosticBadRanges(t *testing.T) {
	src := map[string][]byte{"main.hcl": []byte("a = 1\nb = 2\n"), "empty.hcl": {}}
	pos := func(line, col, b int) hcl.Pos { return hcl.Pos{Line: line, Column: col, Byte: b} }
	cases := []struct {
		name    string
		rng     hcl.Range
		snippet string // "" means no snippet expected
	}{
		{"past the end", hcl.Range{Filename: "main.hcl", Start: pos(40, 1, 900), End: pos(41, 1, 950)}, ""},
		{"negative byte, no line", hcl.Range{Filename: "main.hcl", Start: pos(0, 0, -5), End: pos(0, 0, -1)}, ""},
		{"zero range", hcl.Range{Filename: "main.hcl"}, ""},
		{"empty file", hcl.Range{Filename: "empty.hcl", Start: pos(1, 1, 0), End: pos(1, 1, 0)}, ""},
		{"unknown file", hcl.Range{Filename: "other.hcl", Start: pos(1, 1, 0), End: pos(1, 2, 1)}, ""},
		{"end before start", hcl.Range{Filename: "main.hcl", Start: pos(2, 5, 10), End: pos(1, 1, 0)},
			"  2 | b = 2\n    |     ^\n"},
		{"end past the end", hcl.Range{Filename: "main.hcl", Start: pos(2, 1, 6), End: pos(9, 1, 99)},
			"  2 | b = 2\n    | ^\n"},
		{"line and column only", hcl.Range{Filename: "main.hcl", Start: pos(2, 5, 0), End: pos(2, 6, 0)},
			"  2 | b = 2\n    |     ^\n"},
		{"column past the line", hcl.Range{Filename: "main.hcl", Start: pos(1, 80, 0), End: pos(1, 90, 0)},
			"  1 | a = 1\n    |      ^\n"},
		{"unset end", hcl.Range{Filename: "main.hcl", Start: pos(1, 3, 2)}, "  1 | a = 1\n    |   ^\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := c.rng
			got := renderHuman(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "S", Subject: &rng}}, src, 0)
			header := "Error: " + rng.Filename + ":"
			if !strings.HasPrefix(got, header) {
				t.Fatalf("got %q, want it to start with %q", got, header)
			}
			hasSnippet := strings.Contains(got, " | ")
			if c.snippet == "" && hasSnippet {
				t.Errorf("unexpected snippet:\n%s", got)
			}
			if c.snippet != "" && !strings.Contains(got, c.snippet) {
				t.Errorf("got:\n%s\nwant snippet:\n%s", got, c.snippet)
			}
		})
	}
}
