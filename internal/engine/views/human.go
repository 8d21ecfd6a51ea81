package views

import (
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
)

// Human is the base of every human view: results on stdout, errors and
// diagnostics on stderr.
type Human struct {
	Streams Streams
}

var _ Base = (*Human)(nil)

func (h *Human) Diagnostics(diags hcl.Diagnostics, sources map[string][]byte) {
	for _, d := range diags {
		io.WriteString(h.Streams.Stderr, formatDiagnostic(d, sources, h.Streams.Stderr))
	}
}

func (h *Human) Error(err error) {
	h.errorLine(err.Error())
}

func (h *Human) Note(msg string) {
	fmt.Fprintf(h.Streams.Stderr, "%s\n", msg)
}

// errorLine prints one "Error: ..." line on stderr.
func (h *Human) errorLine(msg string) {
	s := h.Streams.Stderr
	fmt.Fprintf(s, "%s %s\n", s.Color.Paint("Error:", Bold, Red), msg)
}
