package views

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// Validate shows the outcome of `wsdeploy validate`.
type Validate interface {
	Base
	// Results shows every diagnostic of the stack and the verdict.
	Results(diags hcl.Diagnostics, sources map[string][]byte)
}

// NewValidate builds the validate view on base (from New).
func NewValidate(base Base) Validate {
	return pick(base,
		func(h *Human) Validate { return &ValidateHuman{h} },
		func(j *JSON) Validate { return &ValidateJSON{j} })
}

// ValidateHuman prints the diagnostics on stderr, then the verdict: success
// on stdout, the error count on stderr.
type ValidateHuman struct{ *Human }

func (v *ValidateHuman) Results(diags hcl.Diagnostics, sources map[string][]byte) {
	v.Diagnostics(diags, sources)
	errs, warns := countSeverities(diags)
	if errs > 0 {
		fmt.Fprintf(v.Streams.Stderr, "%s, %s\n", plural(errs, "error"), plural(warns, "warning"))
		return
	}
	out := v.Streams.Stdout
	msg := out.Color.Paint("Success!", Bold, Green) + " The configuration is valid"
	if warns > 0 {
		msg += ", with " + plural(warns, "warning")
	}
	fmt.Fprintln(out, msg+".")
}

// ValidateJSON emits a diagnostic event per diagnostic, then a
// validate_result event.
type ValidateJSON struct{ *JSON }

func (v *ValidateJSON) Results(diags hcl.Diagnostics, sources map[string][]byte) {
	v.Diagnostics(diags, sources)
	errs, warns := countSeverities(diags)
	msg := "The configuration is valid"
	if errs > 0 {
		msg = "The configuration is invalid"
	}
	v.emit(jsonstream.Info, fmt.Sprintf("%s: %s, %s", msg, plural(errs, "error"), plural(warns, "warning")), jsonstream.ValidateResult{
		Valid: errs == 0, ErrorCount: errs, WarningCount: warns,
	})
}
