package views

import (
	"fmt"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

type planJSON struct{ *JSON }

func (v *planJSON) Progress(e plan.Progress) {
	fields := map[string]any{}
	msg := "Reading what the provider has"
	if e.Address != "" {
		fields["resource"] = map[string]any{"addr": e.Address}
		msg = e.Address + ": Building"
	}
	if e.Kind == plan.BuildDone || e.Kind == plan.RefreshDone {
		fields["elapsed_seconds"] = e.Elapsed.Seconds()
		msg += " complete after " + seconds(e.Elapsed)
	}
	v.emit(string(e.Kind), "info", msg, fields)
}

func (v *planJSON) Plan(pl *plan.Plan) {
	for _, c := range pl.Changes {
		if c.Action == plan.NoOp {
			continue
		}
		v.emit("planned_change", "info", fmt.Sprintf("%s: Plan to %s", c.Address, c.Action), map[string]any{"change": c})
	}
	s := pl.Summary()
	op := "plan"
	if pl.Destroy {
		op = "destroy"
	}
	msg := fmt.Sprintf("Plan: %d to add, %d to change, %d to destroy.", s.Add, s.Change, s.Destroy)
	v.emit("change_summary", "info", msg, map[string]any{"changes": map[string]any{
		"add": s.Add, "change": s.Change, "remove": s.Destroy, "operation": op,
	}})
}
