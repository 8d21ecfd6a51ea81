package views

import (
	"fmt"

	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

type applyJSON struct{ *JSON }

// hookResource names c in a hook.
func hookResource(c *plan.Change) jsonstream.Resource {
	return jsonstream.Resource{Addr: c.Address, Kind: plan.WireKind(c.Kind), Function: c.Function, Trigger: c.Trigger, Domain: c.Domain}
}

func (v *applyJSON) Progress(e apply.Event) {
	h := jsonstream.Hook{Resource: hookResource(e.Change), Action: plan.WireAction(e.Action), Replace: e.Replace}
	level, msg := jsonstream.Info, ""
	elapsed := e.Elapsed.Seconds()
	switch e.Type {
	case apply.Started:
		msg = fmt.Sprintf("%s: %s", e.Change.Address, progressing[e.Action])
	case apply.Complete:
		h.ElapsedSeconds = &elapsed
		h.Existed = e.Detail == apply.ExistedDetail
		msg = fmt.Sprintf("%s: %s complete after %s%s", e.Change.Address, noun[e.Action], seconds(e.Elapsed), detailSuffix(e.Detail))
	case apply.Errored:
		h.ElapsedSeconds = &elapsed
		h.Error = e.Err.Error()
		level, msg = jsonstream.Error, fmt.Sprintf("%s: %s errored after %s", e.Change.Address, noun[e.Action], seconds(e.Elapsed))
	case apply.Progressing:
		h.ElapsedSeconds = &elapsed
		h.Detail = &e.Detail
		msg = fmt.Sprintf("%s: %s [%s elapsed] %s", e.Change.Address, still[e.Action], seconds(e.Elapsed), e.Detail)
	case apply.Skipped:
		h.Reason = e.Err.Error()
		level, msg = jsonstream.Warn, fmt.Sprintf("%s: not attempted: %v", e.Change.Address, e.Err)
	}
	v.emit(level, msg, jsonstream.ApplyHook{Event: applyEventTypes[e.Type], Hook: h})
}

func (v *applyJSON) Result(res *apply.Result) {
	op, msg := jsonstream.OperationApply, "Apply complete!"
	if res.Destroy {
		op, msg = jsonstream.OperationDestroy, "Destroy complete!"
	}
	level := jsonstream.Info
	if len(res.Failed) > 0 || len(res.Skipped) > 0 {
		level, msg = jsonstream.Error, string(op)+" incomplete:"
	}
	msg += fmt.Sprintf(" Resources: %d added, %d changed, %d destroyed.", res.Added, res.Changed, res.Destroyed)
	failed, skipped := len(res.Failed), len(res.Skipped)
	v.emit(level, msg, jsonstream.ChangeSummary{Changes: jsonstream.Changes{
		Add: res.Added, Change: res.Changed, Remove: res.Destroyed, Operation: op, Failed: &failed, NotAttempted: &skipped,
	}})
}

func (v *applyJSON) Outputs(outs []apply.Output) { emitOutputs(v.JSON, outs) }

// emitOutputs is the outputs event of apply and of wsdeploy output.
func emitOutputs(v *JSON, outs []apply.Output) {
	all := map[string]jsonstream.Output{}
	for _, o := range outs {
		all[o.Name] = outputEntry(o, false)
	}
	v.emit(jsonstream.Info, fmt.Sprintf("Outputs: %d", len(outs)), jsonstream.Outputs{Outputs: all})
}

// outputEntry is an output's JSON: sensitive and type, and its value when
// known and either not sensitive or asked for by name (reveal).
func outputEntry(o apply.Output, reveal bool) jsonstream.Output {
	entry := jsonstream.Output{Sensitive: o.Sensitive}
	if t, err := ctyjson.MarshalType(o.Value.Type()); err == nil {
		entry.Type = t
	}
	switch {
	case o.Sensitive && !reveal:
	case !o.Value.IsWhollyKnown():
		entry.Unknown = true
	default:
		if b, err := ctyjson.Marshal(o.Value, o.Value.Type()); err == nil {
			entry.Value = b
		}
	}
	return entry
}
