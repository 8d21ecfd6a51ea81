package main

import (
	"reflect"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// parseGlobals runs a minimal app shaped like wsdeploy's (global flags at
// both levels) and returns what readGlobals makes of args.
func parseGlobals(t *testing.T, args ...string) globals {
	t.Helper()
	vars := &varList{}
	var got *globals
	app := &cli.App{
		Name:                      "wsdeploy",
		Flags:                     globalFlags(vars, ""),
		DisableSliceFlagSeparator: true,
		Commands: []*cli.Command{{
			Name:  "verb",
			Flags: globalFlags(vars, ""),
			Action: func(c *cli.Context) error {
				g := readGlobals(c, vars)
				got = &g
				return nil
			},
		}},
	}
	if err := app.Run(append([]string{"wsdeploy"}, args...)); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	if got == nil {
		t.Fatalf("%v: the verb did not run", args)
	}
	return *got
}

func TestReadGlobalsMergesBothPositions(t *testing.T) {
	v := func(s string) config.VarArg { return config.VarArg{Assignment: s} }
	f := func(s string) config.VarArg { return config.VarArg{File: s} }
	cases := []struct {
		args []string
		want globals
	}{
		{[]string{"verb"}, globals{}},
		{[]string{"-json", "verb"}, globals{json: true}},
		{[]string{"verb", "-json"}, globals{json: true}},
		{[]string{"--json", "verb", "--no-color"}, globals{json: true, noColor: true}},
		{[]string{"-no-color", "verb"}, globals{noColor: true}},
		// After the verb is more specific and wins.
		{[]string{"-json", "verb", "-json=false"}, globals{}},
		{[]string{"-chdir", "a", "verb"}, globals{chdir: "a"}},
		{[]string{"verb", "-chdir=b"}, globals{chdir: "b"}},
		{[]string{"-chdir", "a", "verb", "-chdir", "b"}, globals{chdir: "b"}},
		// -var and -var-file keep command-line order across flags and
		// positions; commas are part of a value, not separators.
		{
			[]string{"-var", "a=1", "-var-file", "one.vars.hcl", "verb", "-var-file", "two.vars.hcl", "-var", `l=["x","y"]`, "-var", "a=2"},
			globals{vars: []config.VarArg{v("a=1"), f("one.vars.hcl"), f("two.vars.hcl"), v(`l=["x","y"]`), v("a=2")}},
		},
	}
	for _, c := range cases {
		if got := parseGlobals(t, c.args...); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %+v, want %+v", c.args, got, c.want)
		}
	}
}

func TestVarFlagRejectsMalformedValues(t *testing.T) {
	for _, args := range [][]string{
		{"validate", "-var", "novalue"},
		{"-var", "=x", "validate"},
		{"validate", "-var-file", ""},
	} {
		r := runCLI(t, "", args...)
		r.expect(t, exitError)
		if r.stdout != "" || !containsAll(r.stderr, "Error: ", "--help' for usage.") {
			t.Errorf("%q: stdout %q, stderr %q", args, r.stdout, r.stderr)
		}
	}
}
