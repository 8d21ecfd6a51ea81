package arguments

import (
	"errors"
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/internal/engine/watch"
)

// Stack is a verb that works on the deployed stack of the current
// directory and takes nothing else: `wsdeploy status`.
type Stack struct {
	Provider string
}

// StackFlags are status's flags.
func StackFlags() []cli.Flag { return []cli.Flag{providerFlag()} }

// ParseStack reads the command line of a verb that takes only -provider.
func ParseStack(c *cli.Context) (*Stack, error) {
	if err := NoArgs(c); err != nil {
		return nil, err
	}
	return &Stack{Provider: c.String("provider")}, nil
}

// Output is `wsdeploy output [options] [NAME]`.
type Output struct {
	Provider string
	Name     string // the output to show; "" shows all
	Raw      bool   // Name's value alone, for scripts
}

// OutputFlags are output's flags.
func OutputFlags() []cli.Flag {
	return []cli.Flag{providerFlag(),
		&cli.BoolFlag{Name: "raw", Usage: "print NAME's value alone, without quotes or newline"},
	}
}

// ParseOutput reads output's command line; view is the run's (-raw and
// -json are two formats at once).
func ParseOutput(c *cli.Context, view views.ViewType) (*Output, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	o := &Output{Provider: c.String("provider"), Raw: c.Bool("raw")}
	switch {
	case len(args) > 1:
		return nil, fmt.Errorf("output takes at most one output name, got %q", args)
	case o.Raw && len(args) == 0:
		return nil, errors.New("-raw prints one value: name it, as in wsdeploy output -raw url")
	case o.Raw && view == views.ViewJSON:
		return nil, errors.New("-raw and -json ask for two different formats: choose one")
	case len(args) == 1:
		o.Name = args[0]
	}
	return o, nil
}

// Sessions is `wsdeploy sessions [--delete ID] FUNCTION`.
type Sessions struct {
	Provider string
	Function string // a function block's label or its FC name
	Delete   string // the session to end; "" lists them
}

// SessionsFlags are sessions' flags.
func SessionsFlags() []cli.Flag {
	return []cli.Flag{providerFlag(),
		&cli.StringFlag{Name: "delete", Usage: "end the session `ID` instead of listing"},
	}
}

// ParseSessions reads sessions' command line.
func ParseSessions(c *cli.Context) (*Sessions, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	if len(args) != 1 {
		return nil, errors.New("name one function: wsdeploy sessions [--delete ID] FUNCTION")
	}
	return &Sessions{Provider: c.String("provider"), Function: args[0], Delete: c.String("delete")}, nil
}

// ForceUnlock is `wsdeploy force-unlock [options] LOCK_ID`.
type ForceUnlock struct {
	Provider    string
	ID          string
	AutoApprove bool
}

// ForceUnlockFlags are force-unlock's flags.
func ForceUnlockFlags() []cli.Flag {
	return []cli.Flag{providerFlag(),
		&cli.BoolFlag{Name: "auto-approve", Aliases: []string{"force"}, Usage: "do not ask for confirmation"},
	}
}

// ParseForceUnlock reads force-unlock's command line.
func ParseForceUnlock(c *cli.Context) (*ForceUnlock, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	if len(args) != 1 {
		return nil, fmt.Errorf("force-unlock takes the lock's ID (printed by the apply or destroy it stopped), got %d arguments", len(args))
	}
	return &ForceUnlock{Provider: c.String("provider"), ID: args[0], AutoApprove: c.Bool("auto-approve")}, nil
}

// Dev is `wsdeploy dev [options]`.
type Dev struct {
	Provider string
	Quiet    time.Duration // how long files must be still before a round
	ApplyRun               // each round's apply
}

// DevFlags are dev's flags.
func DevFlags() []cli.Flag {
	return []cli.Flag{providerFlag(), lockTimeoutFlag(), parallelismFlag(), smokeFlag("after each apply"), smokeParallelismFlag(),
		&cli.DurationFlag{Name: "quiet", Value: watch.DefaultQuiet, Usage: "how long files must be still before a round starts"},
	}
}

// ParseDev reads dev's command line.
func ParseDev(c *cli.Context) (*Dev, error) {
	if err := NoArgs(c); err != nil {
		return nil, err
	}
	run, err := parseApplyRun(c, true)
	if err != nil {
		return nil, err
	}
	return &Dev{Provider: c.String("provider"), Quiet: c.Duration("quiet"), ApplyRun: run}, nil
}

// Import is `wsdeploy import [options] FUNCTION_ADDRESS FC_NAME`.
type Import struct {
	Provider    string
	Address     string // function.NAME: the block that is to own the function
	Name        string // the function's name on the provider
	AutoApprove bool
	LockTimeout time.Duration
}

// ImportFlags are import's flags.
func ImportFlags() []cli.Flag {
	return []cli.Flag{providerFlag(), lockTimeoutFlag(), autoApproveFlag()}
}

// ParseImport reads import's command line.
func ParseImport(c *cli.Context) (*Import, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	if len(args) != 2 {
		return nil, fmt.Errorf("import takes a function address and the name of the function on the provider, got %d arguments: wsdeploy import function.NAME FC_NAME", len(args))
	}
	return &Import{Provider: c.String("provider"), Address: args[0], Name: args[1],
		AutoApprove: c.Bool("auto-approve"), LockTimeout: c.Duration("lock-timeout")}, nil
}
