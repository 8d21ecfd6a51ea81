package views

import (
	"fmt"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// Converted is what `wsdeploy convert` made; its JSON is the -json
// stream's.
type Converted = jsonstream.Converted

// ConvertedNote is one s.yaml setting left out, and why.
type ConvertedNote = jsonstream.ConvertedNote

// Convert shows the result of a conversion.
type Convert interface {
	Base
	Converted(c Converted)
}

// NewConvert builds the convert view on base.
func NewConvert(base Base) Convert {
	return pick(base,
		func(h *Human) Convert { return &convertHuman{h} },
		func(j *JSON) Convert { return &convertJSON{j} })
}

type convertHuman struct{ *Human }

// Converted prints the HCL (if any) on stdout and the summary on stderr, so
// `wsdeploy convert -o - s.yaml > main.hcl` keeps only the HCL.
func (v *convertHuman) Converted(c Converted) {
	if c.HCL != "" {
		fmt.Fprint(v.Streams.Stdout, c.HCL)
	}
	var b strings.Builder
	b.WriteString(convertedText(c) + "\n")
	if len(c.Skipped) > 0 {
		fmt.Fprintf(&b, "Not translated (each is also a comment in the HCL):\n")
		for _, n := range c.Skipped {
			res := ""
			if n.Resource != "" {
				res = " (" + n.Resource + ")"
			}
			fmt.Fprintf(&b, "  line %d%s: %s: %s\n", n.Line, res, n.What, n.Why)
		}
	}
	if c.Dir != "" {
		fmt.Fprintf(&b, "Next: wsdeploy -chdir %s validate, then plan.\n", c.Dir)
	}
	fmt.Fprint(v.Streams.Stderr, b.String())
}

type convertJSON struct{ *JSON }

func (v *convertJSON) Converted(c Converted) {
	if c.Skipped == nil {
		c.Skipped = []ConvertedNote{}
	}
	v.emit(jsonstream.Info, convertedText(c), jsonstream.ConvertedMessage{Converted: c})
}

func convertedText(c Converted) string {
	where := "standard output"
	if c.Dir != "" {
		where = strings.Join(c.Files, ", ")
	}
	return fmt.Sprintf("Converted %s into %s: %d function(s) (%s), %d setting(s) not translated.",
		c.Source, where, len(c.Functions), strings.Join(c.Functions, ", "), len(c.Skipped))
}
