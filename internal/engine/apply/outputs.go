package apply

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// Output is one output block's value after apply. A value that is still
// unknown (a trigger that was not created) is unknown here too.
type Output struct {
	Name        string
	Description string
	Sensitive   bool // views show (sensitive), never the value
	Value       cty.Value
}

// Outputs evaluates the stack's outputs with the URLs apply observed,
// sorted by name.
func Outputs(stack *config.Stack, res *Result) ([]Output, hcl.Diagnostics) {
	vals, diags := stack.EvalOutputs(res.URLs)
	var out []Output
	for _, o := range stack.Outputs {
		v, ok := vals[o.Name]
		if !ok {
			continue
		}
		out = append(out, Output{Name: o.Name, Description: o.Description, Sensitive: o.Sensitive, Value: v})
	}
	slices.SortFunc(out, func(a, b Output) int { return strings.Compare(a.Name, b.Name) })
	return out, diags
}
