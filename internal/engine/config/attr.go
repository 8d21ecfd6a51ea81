package config

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// sensitiveMark marks values that come from sensitive variables. cty carries
// it through expressions, so a value derived from a secret stays secret.
const sensitiveMark = "sensitive"

// erroredMark marks a value that stands for one that could not be evaluated
// (a cycle, an undeclared reference, a variable without a valid value). The
// error was reported where it happened; cty carries the mark through
// expressions, so a value derived from it is skipped silently instead of
// being reported again as "not known before apply".
const erroredMark = "errored"

// errored is the placeholder for a value that could not be evaluated.
var errored = cty.DynamicVal.Mark(erroredMark)

// attrDecoder evaluates attributes of one block into Go values, collecting
// diagnostics and the source range of every attribute it saw.
type attrDecoder struct {
	ctx    *hcl.EvalContext
	attrs  hcl.Attributes
	what   string // e.g. `function "chat"`, used in messages
	prefix string // prefix of keys in ranges, e.g. "smoke."
	ranges map[string]hcl.Range
	diags  hcl.Diagnostics
	// unresolved, when set, is made true by an attribute derived from a
	// value in error (erroredMark): the decoded block is incomplete.
	unresolved *bool
}

// value evaluates the named attribute and converts it to ty. ok is false when
// the attribute is absent, null, or in error (the error is recorded).
func (d *attrDecoder) value(name string, ty cty.Type) (v cty.Value, sensitive, ok bool) {
	v, marks, ok := d.valueWithMarks(name, ty)
	return v, len(marks) > 0, ok
}

// valueWithMarks is value that also returns where in the value sensitive
// marks were found.
func (d *attrDecoder) valueWithMarks(name string, ty cty.Type) (cty.Value, []cty.PathValueMarks, bool) {
	attr, found := d.attrs[name]
	if !found {
		return cty.NilVal, nil, false
	}
	rng := attr.Expr.Range()
	if d.ranges != nil {
		d.ranges[d.prefix+name] = rng
	}
	raw, diags := attr.Expr.Value(d.ctx)
	d.diags = append(d.diags, diags...)
	if diags.HasErrors() {
		return cty.NilVal, nil, false
	}
	conv, err := convert.Convert(raw, ty)
	if err != nil {
		d.diags = append(d.diags, &hcl.Diagnostic{
			Severity:    hcl.DiagError,
			Summary:     "Incorrect attribute value type",
			Detail:      fmt.Sprintf("Inappropriate value for attribute %q of %s: %s.", name, d.what, err),
			Subject:     &rng,
			Expression:  attr.Expr,
			EvalContext: d.ctx,
		})
		return cty.NilVal, nil, false
	}
	if conv.IsNull() {
		// null is "not set", as in Terraform: a variable whose default is
		// null leaves the attribute out, so nothing checks it.
		delete(d.ranges, d.prefix+name)
		return cty.NilVal, nil, false
	}
	unmarked, pvm := conv.UnmarkDeepWithPaths()
	if !conv.IsWhollyKnown() {
		if hasMark(pvm, erroredMark) {
			if d.unresolved != nil {
				*d.unresolved = true
			}
			return cty.NilVal, nil, false
		}
		d.diags = append(d.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Value not known before apply",
			Detail:   fmt.Sprintf("Attribute %q of %s depends on a value that only exists after apply (such as a trigger URL); use a value known from the configuration.", name, d.what),
			Subject:  &rng,
		})
		return cty.NilVal, nil, false
	}
	return unmarked, withMark(pvm, sensitiveMark), true
}

func hasMark(pvm []cty.PathValueMarks, mark string) bool {
	return len(withMark(pvm, mark)) > 0
}

// withMark keeps the paths that carry mark.
func withMark(pvm []cty.PathValueMarks, mark string) []cty.PathValueMarks {
	var out []cty.PathValueMarks
	for _, pm := range pvm {
		if pm.Marks.Has(mark) {
			out = append(out, pm)
		}
	}
	return out
}

// allNull reports whether the block has attributes and every one is null:
// a block driven by variables that are all unset, which stands for no
// block (vpc { vpc_id = var.vpc_id ... } with var.vpc_id = null).
func (d *attrDecoder) allNull() bool {
	if len(d.attrs) == 0 {
		return false
	}
	for name := range d.attrs {
		if _, set := d.ranges[d.prefix+name]; set {
			return false
		}
	}
	return true
}

func (d *attrDecoder) rangeOf(name string) hcl.Range {
	return d.attrs[name].Expr.Range()
}

func (d *attrDecoder) string(name string, dst *string) bool {
	v, _, ok := d.value(name, cty.String)
	if ok {
		*dst = v.AsString()
	}
	return ok
}

func (d *attrDecoder) bool(name string, dst *bool) bool {
	v, _, ok := d.value(name, cty.Bool)
	if ok {
		*dst = v.True()
	}
	return ok
}

func (d *attrDecoder) float(name string, dst *float64) bool {
	v, _, ok := d.value(name, cty.Number)
	if ok {
		*dst, _ = v.AsBigFloat().Float64()
	}
	return ok
}

// int decodes a whole number that fits an int32, which covers every FC limit
// and keeps arithmetic on it free of overflow.
func (d *attrDecoder) int(name string, dst *int) bool {
	v, _, ok := d.value(name, cty.Number)
	if !ok {
		return false
	}
	bf := v.AsBigFloat()
	i, acc := bf.Int64()
	if !bf.IsInt() || acc != big.Exact || i < -1<<31 || i > 1<<31-1 {
		rng := d.rangeOf(name)
		d.diags = append(d.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid number",
			Detail:   fmt.Sprintf("Attribute %q of %s must be a whole number; %s is not.", name, d.what, bf.Text('g', -1)),
			Subject:  &rng,
		})
		return false
	}
	*dst = int(i)
	return true
}

func (d *attrDecoder) stringList(name string, dst *[]string) bool {
	_, ok := d.stringListMarks(name, dst)
	return ok
}

// stringListMarks is stringList that also returns where sensitive values
// are in the list, and records the range of each element written as a
// literal list (ranges["command[2]"]).
func (d *attrDecoder) stringListMarks(name string, dst *[]string) ([]cty.PathValueMarks, bool) {
	v, marks, ok := d.valueWithMarks(name, cty.List(cty.String))
	if !ok {
		return nil, false
	}
	out := make([]string, 0, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			rng := d.rangeOf(name)
			d.diags = append(d.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Null list element",
				Detail:  fmt.Sprintf("Attribute %q of %s must not contain null.", name, d.what),
				Subject: &rng,
			})
			return nil, false
		}
		out = append(out, e.AsString())
	}
	*dst = out
	if tuple, ok := d.attrs[name].Expr.(*hclsyntax.TupleConsExpr); ok && d.ranges != nil && len(tuple.Exprs) == len(out) {
		for i, e := range tuple.Exprs {
			d.ranges[d.prefix+indexKey(name, i)] = e.Range()
		}
	}
	return marks, true
}

// commandLine decodes a command line (command, args, entrypoint) and warns
// where a sensitive value flows into it: a process's command line is
// readable by every process on the host (/proc/PID/cmdline, ps) and shown
// in FC's console, while its environment is not. seen says where the
// command line shows, instead where the value belongs.
func (d *attrDecoder) commandLine(name string, dst *[]string, seen, instead string) bool {
	marks, ok := d.stringListMarks(name, dst)
	if !ok || len(marks) == 0 {
		return ok
	}
	rng := d.rangeOf(name)
	if path := marks[0].Path; len(path) > 0 { // one element, not the whole list
		if step, ok := path[0].(cty.IndexStep); ok && step.Key.Type() == cty.Number {
			i, _ := step.Key.AsBigFloat().Int64()
			if r, found := d.ranges[d.prefix+indexKey(name, int(i))]; found {
				rng = r
			}
		}
	}
	d.diags = append(d.diags, &hcl.Diagnostic{
		Severity: hcl.DiagWarning,
		Summary:  "Sensitive value in a command line",
		Detail: fmt.Sprintf("Attribute %q of %s holds a value from a sensitive variable. A command line is visible to every process %s "+
			"(/proc/<pid>/cmdline, ps); pass the secret through %s instead (environment = { TOKEN = var.token }) and read it from there.",
			name, d.what, seen, instead),
		Subject: &rng,
	})
	return true
}

// indexKey and valueKey name one element of a list attribute and the value
// under one key of a map attribute in Function.Ranges.
func indexKey(name string, i int) string { return fmt.Sprintf("%s[%d]", name, i) }
func valueKey(name, key string) string   { return fmt.Sprintf("%s[%q]", name, key) }

// stringMap decodes a map of strings; sensitive, when non-nil, receives the
// keys whose values came from sensitive variables.
func (d *attrDecoder) stringMap(name string, dst *map[string]string, sensitive *map[string]bool) bool {
	v, marks, ok := d.valueWithMarks(name, cty.Map(cty.String))
	if !ok {
		return false
	}
	out := make(map[string]string, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if e.IsNull() {
			rng := d.rangeOf(name)
			d.diags = append(d.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Null map value",
				Detail:  fmt.Sprintf("Key %q of attribute %q of %s is null; give it a string value or remove it.", k.AsString(), name, d.what),
				Subject: &rng,
			})
			continue
		}
		out[k.AsString()] = e.AsString()
	}
	*dst = out
	d.recordKeyRanges(name)
	if sensitive == nil || len(marks) == 0 {
		return true
	}
	secret := map[string]bool{}
	for _, pm := range marks {
		if len(pm.Path) == 0 { // the whole map is sensitive
			for k := range out {
				secret[k] = true
			}
			continue
		}
		if idx, isIndex := pm.Path[0].(cty.IndexStep); isIndex && idx.Key.Type() == cty.String {
			secret[idx.Key.AsString()] = true
		}
	}
	*sensitive = secret
	return true
}

// recordKeyRanges remembers where each key of a literal map is written
// (ranges["environment.KEY"]) and its value (ranges[`environment["KEY"]`]),
// so a problem with one key or value points at it.
func (d *attrDecoder) recordKeyRanges(name string) {
	obj, ok := d.attrs[name].Expr.(*hclsyntax.ObjectConsExpr)
	if !ok || d.ranges == nil {
		return
	}
	for _, item := range obj.Items {
		k, diags := item.KeyExpr.Value(d.ctx)
		if diags.HasErrors() || !k.IsKnown() || k.IsNull() {
			continue
		}
		if k, err := convert.Convert(k, cty.String); err == nil && !k.IsMarked() {
			d.ranges[d.prefix+name+"."+k.AsString()] = item.KeyExpr.Range()
			d.ranges[d.prefix+valueKey(name, k.AsString())] = item.ValueExpr.Range()
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
