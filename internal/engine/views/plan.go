package views

import (
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// Plan shows what `wsdeploy plan` found, and the plan that apply and
// destroy ask to confirm.
type Plan interface {
	Base
	// Progress shows a slow step of planning (a build, the refresh).
	Progress(e plan.Progress)
	// Plan shows the changes and their summary.
	Plan(pl *plan.Plan)
}

// NewPlan builds the plan view on base (from New).
func NewPlan(base Base) Plan {
	return pick(base,
		func(h *Human) Plan { return &planHuman{h} },
		func(j *JSON) Plan { return &planJSON{j} })
}

// symbols are Terraform's change markers.
var symbols = map[plan.Action]string{plan.Create: "+", plan.Update: "~", plan.Delete: "-", plan.Replace: "-/+"}

func symbolStyle(a plan.Action) Style {
	switch a {
	case plan.Create:
		return Green
	case plan.Update:
		return Yellow
	}
	return Red
}

// painted is the marker of a, in colour: "-/+" is red then green.
func painted(c Color, a plan.Action) string {
	if a == plan.Replace {
		return c.Paint("-", Red) + "/" + c.Paint("+", Green)
	}
	return c.Paint(symbols[a], symbolStyle(a))
}
