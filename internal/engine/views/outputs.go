package views

import (
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
)

// outputValue is an output as HCL writes it, or a placeholder that never
// shows a sensitive value.
func outputValue(o apply.Output) string {
	switch {
	case o.Sensitive:
		return "<sensitive>"
	case !o.Value.IsWhollyKnown():
		return "(not known: what it refers to was not created)"
	}
	return string(hclwrite.TokensForValue(o.Value).Bytes())
}
