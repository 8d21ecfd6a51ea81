package views

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// FuzzDiagnosticRange renders a diagnostic with an arbitrary range over
// arbitrary source: it must never panic, and a JSON snippet's highlight must
// lie within its code.
func FuzzDiagnosticRange(f *testing.F) {
	f.Add([]byte("a = 1\nb = 2\n"), 1, 1, 0, 1, 2, 1)
	f.Add([]byte("a = 1\r\nb = {\n  c = 2\n}"), 2, 5, 11, 4, 2, 27)
	f.Add([]byte(""), 1, 1, 0, 1, 1, 0)
	f.Add([]byte("é\n"), 1, 2, 1, 9, 9, 99)
	f.Add([]byte("x"), 0, 0, -1, -5, 0, 0)
	f.Fuzz(func(t *testing.T, src []byte, sl, sc, sb, el, ec, eb int) {
		rng := hcl.Range{
			Filename: "f.hcl",
			Start:    hcl.Pos{Line: sl, Column: sc, Byte: sb},
			End:      hcl.Pos{Line: el, Column: ec, Byte: eb},
		}
		diag := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "s", Detail: "d", Subject: &rng}
		sources := map[string][]byte{"f.hcl": src}
		var o testOutput
		(&Human{Streams: o.streams(20)}).Diagnostics(hcl.Diagnostics{diag}, sources)
		jd := newJSONDiagnostic(diag, sources)
		if sn := jd.Snippet; sn != nil {
			if sn.HighlightStartOffset < 0 || sn.HighlightStartOffset > sn.HighlightEndOffset || sn.HighlightEndOffset > len(sn.Code) {
				t.Fatalf("highlight [%d, %d) outside code %q", sn.HighlightStartOffset, sn.HighlightEndOffset, sn.Code)
			}
		}
	})
}
