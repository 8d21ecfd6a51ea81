package views

import (
	"encoding/json"
	"fmt"

	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
)

type applyJSON struct{ *JSON }

// hook is the JSON of one step, as Terraform's machine-readable UI names it.
func hook(e apply.Event) map[string]any {
	c := e.Change
	res := map[string]any{"addr": c.Address, "kind": c.Kind}
	if c.Function != "" {
		res["function"] = c.Function
	}
	if c.Trigger != "" {
		res["trigger"] = c.Trigger
	}
	if c.Domain != "" {
		res["domain"] = c.Domain
	}
	h := map[string]any{"resource": res, "action": e.Action}
	if e.Replace {
		h["replace"] = true
	}
	return h
}

func (v *applyJSON) Progress(e apply.Event) {
	h := hook(e)
	level, msg := "info", ""
	switch e.Type {
	case apply.Started:
		msg = fmt.Sprintf("%s: %s", e.Change.Address, progressing[e.Action])
	case apply.Complete:
		h["elapsed_seconds"] = e.Elapsed.Seconds()
		if e.Detail == apply.ExistedDetail {
			h["existed"] = true
		}
		msg = fmt.Sprintf("%s: %s complete after %s%s", e.Change.Address, noun[e.Action], seconds(e.Elapsed), detailSuffix(e.Detail))
	case apply.Errored:
		h["elapsed_seconds"] = e.Elapsed.Seconds()
		h["error"] = e.Err.Error()
		level, msg = "error", fmt.Sprintf("%s: %s errored after %s", e.Change.Address, noun[e.Action], seconds(e.Elapsed))
	case apply.Progressing:
		h["elapsed_seconds"] = e.Elapsed.Seconds()
		h["detail"] = e.Detail
		msg = fmt.Sprintf("%s: %s [%s elapsed] %s", e.Change.Address, still[e.Action], seconds(e.Elapsed), e.Detail)
	case apply.Skipped:
		h["reason"] = e.Err.Error()
		level, msg = "warn", fmt.Sprintf("%s: not attempted: %v", e.Change.Address, e.Err)
	}
	v.emit(string(e.Type), level, msg, map[string]any{"hook": h})
}

func (v *applyJSON) Result(res *apply.Result) {
	op, msg := "apply", "Apply complete!"
	if res.Destroy {
		op, msg = "destroy", "Destroy complete!"
	}
	level := "info"
	if len(res.Failed) > 0 || len(res.Skipped) > 0 {
		level, msg = "error", op+" incomplete:"
	}
	msg += fmt.Sprintf(" Resources: %d added, %d changed, %d destroyed.", res.Added, res.Changed, res.Destroyed)
	v.emit("change_summary", level, msg, map[string]any{"changes": map[string]any{
		"add": res.Added, "change": res.Changed, "remove": res.Destroyed, "operation": op,
		"failed": len(res.Failed), "not_attempted": len(res.Skipped),
	}})
}

func (v *applyJSON) Outputs(outs []apply.Output) { emitOutputs(v.JSON, outs) }

// emitOutputs is the outputs event of apply and of wsdeploy output.
func emitOutputs(v *JSON, outs []apply.Output) {
	all := map[string]any{}
	for _, o := range outs {
		all[o.Name] = outputEntry(o, false)
	}
	v.emit("outputs", "info", fmt.Sprintf("Outputs: %d", len(outs)), map[string]any{"outputs": all})
}

// outputEntry is an output's JSON: sensitive and type, and its value when
// known and either not sensitive or asked for by name (reveal).
func outputEntry(o apply.Output, reveal bool) map[string]any {
	entry := map[string]any{"sensitive": o.Sensitive}
	if t, err := ctyjson.MarshalType(o.Value.Type()); err == nil {
		entry["type"] = json.RawMessage(t)
	}
	switch {
	case o.Sensitive && !reveal:
	case !o.Value.IsWhollyKnown():
		entry["unknown"] = true
	default:
		if b, err := ctyjson.Marshal(o.Value, o.Value.Type()); err == nil {
			entry["value"] = json.RawMessage(b)
		}
	}
	return entry
}
