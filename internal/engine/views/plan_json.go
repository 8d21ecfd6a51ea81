package views

import (
	"fmt"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

type planJSON struct{ *JSON }

func (v *planJSON) Progress(e plan.Progress) {
	m := jsonstream.PlanProgress{Event: planProgressTypes[e.Kind]}
	msg := "Reading what the provider has"
	if e.Address != "" {
		m.Resource = &jsonstream.Resource{Addr: e.Address}
		msg = e.Address + ": Building"
	}
	if e.Kind == plan.BuildDone || e.Kind == plan.RefreshDone {
		elapsed := e.Elapsed.Seconds()
		m.ElapsedSeconds = &elapsed
		msg += " complete after " + seconds(e.Elapsed)
	}
	v.emit(jsonstream.Info, msg, m)
}

func (v *planJSON) Plan(pl *plan.Plan) {
	for _, c := range pl.Changes {
		if c.Action == plan.NoOp {
			continue
		}
		v.emit(jsonstream.Info, fmt.Sprintf("%s: Plan to %s", c.Address, plan.WireAction(c.Action)), jsonstream.PlannedChange{Change: plan.WireChange(c)})
	}
	s := pl.Summary()
	op := jsonstream.OperationPlan
	if pl.Destroy {
		op = jsonstream.OperationDestroy
	}
	msg := fmt.Sprintf("Plan: %d to add, %d to change, %d to destroy.", s.Add, s.Change, s.Destroy)
	v.emit(jsonstream.Info, msg, jsonstream.ChangeSummary{Changes: jsonstream.Changes{
		Add: s.Add, Change: s.Change, Remove: s.Destroy, Operation: op,
	}})
}
