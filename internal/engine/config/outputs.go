package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

func (l *loader) decodeOutput(b *hcl.Block) {
	content, diags := bodyContent(b.Body, outputSchema)
	l.diags = append(l.diags, diags...)
	o := &Output{Name: b.Labels[0], DeclRange: b.DefRange}
	d := &attrDecoder{ctx: l.ctx, attrs: content.Attributes, what: fmt.Sprintf("output %q", o.Name)}
	d.string("description", &o.Description)
	d.bool("sensitive", &o.Sensitive)
	l.diags = append(l.diags, d.diags...)
	attr, ok := content.Attributes["value"]
	if !ok {
		return
	}
	o.Expr = attr.Expr
	if _, bad := l.checkReferences(attr.Expr.Variables()); bad {
		return
	}
	// Evaluate now to report bad references; values known only after apply
	// (trigger URLs) are unknown here, which is fine.
	v, diags := attr.Expr.Value(l.ctx)
	l.diags = append(l.diags, diags...)
	if !diags.HasErrors() && v.HasMarkDeep(sensitiveMark) && !o.Sensitive {
		l.errorAt(attr.Expr.Range(), "Output refers to sensitive values",
			fmt.Sprintf("Output %q is derived from a sensitive variable. Add sensitive = true to the output block so it is never printed.", o.Name))
	}
	l.stack.Outputs = append(l.stack.Outputs, o)
}

// TriggerURLs gives each trigger's URL once apply knows it, keyed by function
// label then trigger name.
type TriggerURLs map[string]map[string]string

// EvalOutputs evaluates the outputs with the URLs apply observed. A value
// still unknown (a trigger that was not created) is returned as unknown.
func (s *Stack) EvalOutputs(urls TriggerURLs) (map[string]cty.Value, hcl.Diagnostics) {
	if s.evalCtx == nil {
		return nil, nil
	}
	ctx := s.evalCtx.NewChild()
	ctx.Variables = map[string]cty.Value{}
	fns := map[string]cty.Value{}
	for _, f := range s.Functions {
		obj := functionObject(f)
		attrs := obj.AsValueMap()
		triggers := attrs["http_trigger"].AsValueMap()
		for name, t := range triggers {
			tv := t.AsValueMap()
			if u, ok := urls[f.Label][name]; ok {
				tv["url"] = cty.StringVal(u)
			}
			triggers[name] = cty.ObjectVal(tv)
		}
		attrs["http_trigger"] = cty.ObjectVal(triggers)
		fns[f.Label] = cty.ObjectVal(attrs)
	}
	ctx.Variables["function"] = cty.ObjectVal(fns)
	out := map[string]cty.Value{}
	var diags hcl.Diagnostics
	for _, o := range s.Outputs {
		if o.Expr == nil {
			continue
		}
		v, d := o.Expr.Value(ctx)
		diags = append(diags, d...)
		out[o.Name], _ = v.UnmarkDeep()
	}
	return out, diags
}
