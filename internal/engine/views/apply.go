package views

import (
	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// Apply shows `wsdeploy apply` and `wsdeploy destroy` after the plan:
// each step's progress, the outcome and the outputs.
type Apply interface {
	Base
	// Progress shows one step starting, completing, failing or skipped.
	Progress(e apply.Event)
	// Result shows what was done and, on stderr, every failure.
	Result(res *apply.Result)
	// Outputs shows the stack's outputs; sensitive ones are masked.
	Outputs(outs []apply.Output)
}

// NewApply builds the apply view on base (from New).
func NewApply(base Base) Apply {
	return pick(base,
		func(h *Human) Apply { return &applyHuman{h} },
		func(j *JSON) Apply { return &applyJSON{j} })
}

// Terraform's progress wording: "Creating...", "Creation complete".
var (
	progressing = map[plan.Action]string{plan.Create: "Creating...", plan.Update: "Modifying...", plan.Delete: "Destroying..."}
	noun        = map[plan.Action]string{plan.Create: "Creation", plan.Update: "Modifications", plan.Delete: "Destruction"}
	still       = map[plan.Action]string{plan.Create: "Still creating...", plan.Update: "Still modifying...", plan.Delete: "Still destroying..."}
)
