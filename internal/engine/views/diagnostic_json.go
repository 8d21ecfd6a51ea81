package views

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcled"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

func severityName(s hcl.DiagnosticSeverity) jsonstream.Severity {
	if s == hcl.DiagWarning {
		return jsonstream.SeverityWarning
	}
	return jsonstream.SeverityError
}

// newJSONDiagnostic is diag in the stream's shape, which is Terraform's
// -json diagnostics' so that existing tooling reads it.
func newJSONDiagnostic(diag *hcl.Diagnostic, sources map[string][]byte) *jsonstream.Diagnostic {
	d := &jsonstream.Diagnostic{
		Severity: severityName(diag.Severity),
		Summary:  diag.Summary,
		Detail:   diag.Detail,
	}
	subj := diag.Subject
	if subj == nil {
		return d
	}
	d.Range = &jsonstream.Range{
		Filename: subj.Filename,
		Start:    jsonstream.Pos{Line: subj.Start.Line, Column: subj.Start.Column, Byte: subj.Start.Byte},
		End:      jsonstream.Pos{Line: subj.End.Line, Column: subj.End.Column, Byte: subj.End.Byte},
	}
	src := sources[subj.Filename]
	sn := newSnippet(src, *subj)
	if sn == nil {
		return d
	}
	d.Snippet = &jsonstream.Snippet{
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
