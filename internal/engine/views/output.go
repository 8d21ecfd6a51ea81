package views

import (
	"fmt"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// Output shows `wsdeploy output`: the stack's outputs evaluated with what
// is deployed now.
type Output interface {
	Base
	// All lists every output; sensitive values are masked.
	All(outs []apply.Output)
	// One shows the output the user named, sensitive or not: asking for
	// it by name is asking to see it (as terraform output NAME does).
	One(o apply.Output)
}

// NewOutput builds the output view on base.
func NewOutput(base Base) Output {
	return pick(base,
		func(h *Human) Output { return &outputHuman{h} },
		func(j *JSON) Output { return &outputJSON{j} })
}

// RawOutput is o's value as `wsdeploy output -raw` prints it: a string as
// is, a number or bool as text, with no newline, for a shell's $(...).
// Other types and unknown values are an error that says why.
func RawOutput(o apply.Output) (string, error) {
	v := o.Value
	switch {
	case !v.IsWhollyKnown():
		return "", fmt.Errorf("output %q is not known: what it refers to is not deployed (run wsdeploy apply)", o.Name)
	case v.IsNull():
		return "", fmt.Errorf("output %q is null: -raw prints only a string, number or bool", o.Name)
	case v.Type() == cty.String:
		return v.AsString(), nil
	case v.Type() == cty.Number:
		return v.AsBigFloat().Text('f', -1), nil
	case v.Type() == cty.Bool:
		return fmt.Sprint(v.True()), nil
	}
	return "", fmt.Errorf("output %q is a %s: -raw prints only a string, number or bool; use -json for it", o.Name, v.Type().FriendlyName())
}

type outputHuman struct{ *Human }

func (v *outputHuman) All(outs []apply.Output) {
	for _, o := range outs {
		fmt.Fprintf(v.Streams.Stdout, "%s = %s\n", o.Name, outputValue(o))
	}
}

func (v *outputHuman) One(o apply.Output) {
	fmt.Fprintln(v.Streams.Stdout, string(hclwrite.TokensForValue(o.Value).Bytes()))
}

type outputJSON struct{ *JSON }

func (v *outputJSON) All(outs []apply.Output) { emitOutputs(v.JSON, outs) }

func (v *outputJSON) One(o apply.Output) {
	v.emit(jsonstream.Info, "Output "+o.Name, jsonstream.OutputMessage{Name: o.Name, Output: outputEntry(o, true)})
}
