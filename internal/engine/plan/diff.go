package plan

import (
	"slices"

	"github.com/wsdeploy/wsdeploy/internal/engine/codepkg"
	"github.com/wsdeploy/wsdeploy/providers"
)

// resource identifies one function in the diff: its label (address) and
// what the diff needs to know about it.
type resource struct {
	label   string
	want    *providers.Function // nil: delete
	have    *providers.Function // nil: create
	archive *codepkg.Archive    // nil for a container or a deletion
	masker  masker
	reason  string // why a deletion
}

// changes lists what makes have into want: the function's change, then
// its triggers'.
func (r resource) changes() []*Change {
	fn := r.newChange(KindFunction, "")
	switch {
	case r.have == nil:
		fn.Action, fn.desired = Create, r.want
		fn.Attributes = diffAttrs(nil, functionAttrs(r.want), r.masker)
		fn.Code, fn.upload = codeChange("", r.archive)
		out := []*Change{fn}
		for _, t := range r.want.Triggers {
			out = append(out, r.triggerCreate(t))
		}
		return out
	case r.want == nil:
		fn.Action, fn.Reason = Delete, r.reason
		return append([]*Change{fn}, r.triggerDeletes(reasonWithFunction, nil)...)
	}
	fn.Attributes = diffAttrs(functionAttrs(r.have), functionAttrs(r.want), r.masker)
	fn.Code, fn.upload = codeChange(r.have.CodeChecksum, r.archive)
	fn.desired = r.want
	if reason, forces := replaceReason(r.have, r.want); reason != "" {
		fn.Action, fn.Reason = Replace, reason
		for i := range fn.Attributes {
			fn.Attributes[i].ForcesReplacement = slices.Contains(forces, fn.Attributes[i].Path)
		}
		if r.archive != nil {
			fn.upload = r.archive.Code() // a new function needs its code
		}
		return append([]*Change{fn}, r.replacedTriggers()...)
	}
	fn.Action = NoOp
	if len(fn.Attributes) > 0 || fn.Code != nil && fn.Code.Changed() {
		fn.Action = Update
	}
	return append([]*Change{fn}, r.triggerChanges()...)
}

func (r resource) name() string {
	if r.want != nil {
		return r.want.Name
	}
	return r.have.Name
}

func (r resource) newChange(kind Kind, trigger string) *Change {
	addr := "function." + r.label
	if kind != KindFunction {
		addr += "." + string(kind) + "." + trigger
	}
	return &Change{Address: addr, Kind: kind, Label: r.label, Function: r.name(), Trigger: trigger}
}

// triggerChanges compares the triggers of a function updated in place.
func (r resource) triggerChanges() []*Change {
	have := map[string]*providers.HTTPTrigger{}
	for _, t := range r.have.Triggers {
		have[t.Name] = t
	}
	var out []*Change
	for _, t := range r.want.Triggers {
		h, ok := have[t.Name]
		switch {
		case ok:
			c := r.newChange(KindHTTPTrigger, t.Name)
			c.Attributes = diffAttrs(triggerAttrs(h), triggerAttrs(t), r.masker)
			c.Action, c.URL = NoOp, h.URLInternet
			if len(c.Attributes) > 0 {
				c.Action, c.trigger = Update, t
			}
			out = append(out, c)
		case slices.Contains(r.have.OtherTriggers, t.Name):
			c := r.triggerCreate(t)
			c.Action, c.Reason = Replace, triggerTypeReason(t.Name)
			out = append(out, c)
		default:
			out = append(out, r.triggerCreate(t))
		}
	}
	declared := func(name string) bool {
		return slices.ContainsFunc(r.want.Triggers, func(t *providers.HTTPTrigger) bool { return t.Name == name })
	}
	return append(out, r.triggerDeletes(reasonUndeclared, declared)...)
}

// replacedTriggers are the triggers of a replaced function: every trigger
// goes with the old function; the declared ones come back on the new one.
func (r resource) replacedTriggers() []*Change {
	had := map[string]*providers.HTTPTrigger{}
	for _, t := range r.have.Triggers {
		had[t.Name] = t
	}
	var out []*Change
	for _, t := range r.want.Triggers {
		c := r.triggerCreate(t)
		if h := had[t.Name]; h != nil {
			c.Action, c.Reason = Replace, reasonFunctionNew
			c.Attributes = diffAttrs(triggerAttrs(h), triggerAttrs(t), r.masker)
		} else if slices.Contains(r.have.OtherTriggers, t.Name) {
			c.Action, c.Reason = Replace, reasonFunctionNew
		}
		out = append(out, c)
	}
	declared := func(name string) bool {
		return slices.ContainsFunc(r.want.Triggers, func(t *providers.HTTPTrigger) bool { return t.Name == name })
	}
	return append(out, r.triggerDeletes(reasonWithFunction, declared)...)
}

func (r resource) triggerCreate(t *providers.HTTPTrigger) *Change {
	c := r.newChange(KindHTTPTrigger, t.Name)
	c.Action, c.trigger = Create, t
	c.Attributes = diffAttrs(nil, triggerAttrs(t), r.masker)
	return c
}

// triggerDeletes deletes have's triggers that keep does not keep (nil
// keeps none): HTTP triggers, and other types only with their function,
// since wsdeploy otherwise leaves them alone.
func (r resource) triggerDeletes(reason string, keep func(string) bool) []*Change {
	var out []*Change
	for _, t := range r.have.Triggers {
		if keep == nil || !keep(t.Name) {
			c := r.newChange(KindHTTPTrigger, t.Name)
			c.Action, c.Reason = Delete, reason
			out = append(out, c)
		}
	}
	withFunction := r.want == nil || reason == reasonWithFunction
	for _, name := range r.have.OtherTriggers {
		if withFunction && (keep == nil || !keep(name)) {
			c := r.newChange(KindTrigger, name)
			c.Action, c.Reason = Delete, reasonWithFunction
			out = append(out, c)
		}
	}
	return out
}

// codeChange compares the local archive with the remote checksum; the
// upload is nil when they match.
func codeChange(before string, a *codepkg.Archive) (*Code, *providers.Code) {
	if a == nil {
		return nil, nil
	}
	c := &Code{Before: before, After: a.Checksum, Files: a.Files, Size: a.Size}
	if c.Changed() {
		return c, a.Code()
	}
	return c, nil
}
