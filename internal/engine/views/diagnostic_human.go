package views

import (
	"fmt"
	"strings"

	"github.com/apparentlymart/go-textseg/v15/textseg"
	"github.com/hashicorp/hcl/v2"
	"github.com/mitchellh/go-wordwrap"
)

// formatDiagnostic renders diag for a terminal:
//
//	Error: main.hcl:3:3: Unsupported argument
//
//	  3 |   runtim = "custom.debian10"
//	    |   ^^^^^^
//
//	An argument named "runtim" is not expected here.
//
// followed by a blank line. The snippet appears only when the subject's
// file is in sources and the range fits it.
func formatDiagnostic(diag *hcl.Diagnostic, sources map[string][]byte, s Stream) string {
	label, tint := "Error:", Red
	if diag.Severity == hcl.DiagWarning {
		label, tint = "Warning:", Yellow
	}
	header := s.Color.Paint(label, Bold, tint) + " "
	if subj := diag.Subject; subj != nil {
		header += fmt.Sprintf("%s:%d:%d: ", subj.Filename, subj.Start.Line, subj.Start.Column)
	}
	sections := []string{header + s.Color.Paint(diag.Summary, Bold)}
	if diag.Subject != nil {
		if sn := newSnippet(sources[diag.Subject.Filename], *diag.Subject); sn != nil {
			sections = append(sections, formatSnippet(sn, s.Color.Paint("^", tint)))
		}
	}
	if detail := strings.TrimSpace(diag.Detail); detail != "" {
		sections = append(sections, wrap(detail, s.Width))
	}
	return strings.Join(sections, "\n\n") + "\n\n"
}

// formatSnippet numbers the snippet's lines and underlines the subject with
// mark, one per character.
func formatSnippet(sn *snippet, mark string) string {
	last := sn.StartLine + len(sn.Lines) - 1
	width := len(fmt.Sprint(last))
	var b strings.Builder
	for i, line := range sn.Lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "  %*d | %s", width, sn.StartLine+i, line)
		if from, to, ok := sn.highlight(i); ok {
			n := max(1, characters([]byte(line[from:to])))
			fmt.Fprintf(&b, "\n  %*s | %s%s", width, "", blankOut(line[:from]), strings.Repeat(mark, n))
		}
	}
	return b.String()
}

// blankOut turns text into one blank per character, keeping tabs so that
// the underline lines up with the code above it.
func blankOut(text string) string {
	var b strings.Builder
	rest := []byte(text)
	for len(rest) > 0 {
		size, _, _ := textseg.ScanGraphemeClusters(rest, true)
		if rest[0] == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		rest = rest[size:]
	}
	return b.String()
}

// wrap wraps prose to width; lines that start with blanks are kept as they
// are, since they are usually code or lists laid out by hand.
func wrap(text string, width int) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") {
			lines[i] = wordwrap.WrapString(line, uint(width))
		}
	}
	return strings.Join(lines, "\n")
}
