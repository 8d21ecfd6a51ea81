package views

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcled"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// jsonDiagnostic is the "diagnostic" field of a diagnostic event, in the
// shape of Terraform's -json diagnostics so that existing tooling reads it.
type jsonDiagnostic struct {
	Severity string       `json:"severity"`
	Summary  string       `json:"summary"`
	Detail   string       `json:"detail"`
	Range    *jsonRange   `json:"range,omitempty"`
	Snippet  *jsonSnippet `json:"snippet,omitempty"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

type jsonSnippet struct {
	// Context names the enclosing block, e.g. `function "chat"`; null when
	// there is none.
	Context   *string `json:"context"`
	Code      string  `json:"code"`
	StartLine int     `json:"start_line"`
	// The subject's byte offsets within Code.
	HighlightStartOffset int `json:"highlight_start_offset"`
	HighlightEndOffset   int `json:"highlight_end_offset"`
}

func severityName(s hcl.DiagnosticSeverity) string {
	if s == hcl.DiagWarning {
		return "warning"
	}
	return "error"
}

func newJSONDiagnostic(diag *hcl.Diagnostic, sources map[string][]byte) *jsonDiagnostic {
	d := &jsonDiagnostic{
		Severity: severityName(diag.Severity),
		Summary:  diag.Summary,
		Detail:   diag.Detail,
	}
	subj := diag.Subject
	if subj == nil {
		return d
	}
	d.Range = &jsonRange{
		Filename: subj.Filename,
		Start:    jsonPos{subj.Start.Line, subj.Start.Column, subj.Start.Byte},
		End:      jsonPos{subj.End.Line, subj.End.Column, subj.End.Byte},
	}
	src := sources[subj.Filename]
	sn := newSnippet(src, *subj)
	if sn == nil {
		return d
	}
	d.Snippet = &jsonSnippet{
		Context:              blockContext(src, subj.Filename, sn.Offset),
		Code:                 sn.Code(),
		StartLine:            sn.StartLine,
		HighlightStartOffset: sn.codeOffset(sn.startIdx, sn.startOff),
		HighlightEndOffset:   sn.codeOffset(sn.endIdx, sn.endOff),
	}
	return d
}

// blockContext names the block that encloses offset, as Terraform's
// "in resource ..." does. Parsing again is fine: this only runs for
// diagnostics, and keeping every parsed file around would couple views to
// the loader.
func blockContext(src []byte, filename string, offset int) *string {
	file, _ := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if file == nil {
		return nil
	}
	// Like Terraform, look just before the subject so that a subject that
	// starts a block is placed in the block around it.
	if ctx := hcled.ContextString(file, offset-1); ctx != "" {
		return &ctx
	}
	return nil
}
