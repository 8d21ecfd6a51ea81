package arguments

import (
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// parse runs a minimal app shaped like wsdeploy's (the global flags at both
// levels, the verb name with its flags) on args, the command line after
// "wsdeploy", and returns what the verb's parse function makes of it: a
// real urfave parse, so defaults, aliases and flag Actions are the CLI's.
func parse[T any](t *testing.T, verb string, flags []cli.Flag, parseFn func(*cli.Context) (T, error), args ...string) (T, error) {
	t.Helper()
	vars := &VarList{}
	var got T
	ran := false
	app := &cli.App{
		Name:                      "wsdeploy",
		Metadata:                  map[string]any{"vars": vars},
		Flags:                     GlobalFlags(vars, ""),
		DisableSliceFlagSeparator: true,
		ExitErrHandler:            func(*cli.Context, error) {},
		Writer:                    io.Discard,
		ErrWriter:                 io.Discard,
		Commands: []*cli.Command{{
			Name:      verb,
			ArgsUsage: "[ARGS]",
			Flags:     append(flags, GlobalFlags(vars, "")...),
			Action: func(c *cli.Context) (err error) {
				ran = true
				got, err = parseFn(c)
				return err
			},
		}},
	}
	err := app.Run(append([]string{"wsdeploy"}, args...))
	if err == nil && !ran {
		t.Fatalf("%q: the verb did not run", args)
	}
	return got, err
}

// errorCase is a command line that must be refused, with a message
// containing want.
type errorCase struct {
	args []string
	want string
}

// expectErrors checks that each case is refused with its message.
func expectErrors[T any](t *testing.T, verb string, flags func() []cli.Flag, parseFn func(*cli.Context) (T, error), cases []errorCase) {
	t.Helper()
	for _, c := range cases {
		_, err := parse(t, verb, flags(), parseFn, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: error %v, want one saying %q", verb, c.args, err, c.want)
		}
	}
}

// noFlags is a verb without flags of its own.
func noFlags() []cli.Flag { return nil }

// expectParsed checks that each command line (the arguments after the
// verb, split at spaces) parses into its struct.
func expectParsed[T any](t *testing.T, verb string, flags func() []cli.Flag, parseFn func(*cli.Context) (*T, error), cases map[string]T) {
	t.Helper()
	for args, want := range cases {
		argv := append([]string{verb}, strings.Fields(args)...)
		got, err := parse(t, verb, flags(), parseFn, argv...)
		if err != nil || !reflect.DeepEqual(*got, want) {
			t.Errorf("%q: %+v, %v; want %+v", argv, got, err, want)
		}
	}
}
