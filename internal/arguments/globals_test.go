package arguments

import (
	"reflect"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
)

// parseGlobals is ParseGlobals with the run's -var list (see parse).
func parseGlobals(c *cli.Context) (Globals, error) {
	return ParseGlobals(c, c.App.Metadata["vars"].(*VarList)), nil
}

func TestParseGlobalsMergesBothPositions(t *testing.T) {
	v := func(s string) config.VarArg { return config.VarArg{Assignment: s} }
	f := func(s string) config.VarArg { return config.VarArg{File: s} }
	cases := []struct {
		args []string
		want Globals
	}{
		{[]string{"verb"}, Globals{}},
		{[]string{"-json", "verb"}, Globals{View: views.ViewJSON}},
		{[]string{"verb", "-json"}, Globals{View: views.ViewJSON}},
		{[]string{"--json", "verb", "--no-color"}, Globals{View: views.ViewJSON, NoColor: true}},
		{[]string{"-no-color", "verb"}, Globals{NoColor: true}},
		// After the verb is more specific and wins.
		{[]string{"-json", "verb", "-json=false"}, Globals{}},
		{[]string{"-chdir", "a", "verb"}, Globals{Chdir: "a"}},
		{[]string{"verb", "-chdir=b"}, Globals{Chdir: "b"}},
		{[]string{"-chdir", "a", "verb", "-chdir", "b"}, Globals{Chdir: "b"}},
		// -var and -var-file keep command-line order across flags and
		// positions; commas are part of a value, not separators.
		{
			[]string{"-var", "a=1", "-var-file", "one.vars.hcl", "verb", "-var-file", "two.vars.hcl", "-var", `l=["x","y"]`, "-var", "a=2"},
			Globals{Vars: []config.VarArg{v("a=1"), f("one.vars.hcl"), f("two.vars.hcl"), v(`l=["x","y"]`), v("a=2")}},
		},
	}
	for _, c := range cases {
		got, err := parse(t, "verb", nil, parseGlobals, c.args...)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %+v, want %+v", c.args, got, c.want)
		}
	}
}
