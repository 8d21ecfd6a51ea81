package arguments

import (
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
)

// Flags shared by the verbs that deploy (plan, apply, destroy, dev, ...).
func providerFlag() cli.Flag {
	return &cli.StringFlag{Name: "provider", Usage: "deploy with the stack's provider block `NAME` (when it declares several)"}
}

func targetFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "target", Usage: "limit to `function.NAME` and its triggers; repeatable"}
}

func autoApproveFlag() cli.Flag {
	return &cli.BoolFlag{Name: "auto-approve", Usage: "do not ask for confirmation (needed without a terminal)"}
}

func parallelismFlag() cli.Flag {
	return &cli.IntFlag{Name: "parallelism", Value: 10, Usage: "provider operations at once"}
}

func lockTimeoutFlag() cli.Flag {
	return &cli.DurationFlag{Name: "lock-timeout", Usage: "wait up to `DURATION` (e.g. 5m) for another run's lock of the stack; 0 fails at once"}
}

// smokeFlag chooses what is smoke-tested after an apply (when says which).
func smokeFlag(when string) cli.Flag {
	return &cli.StringFlag{Name: "smoke", Value: string(smoke.ModeChanged), Usage: when + ", smoke-test `all` functions, those `changed`, or `none`"}
}

// smokeParallelismFlag bounds the functions smoke-tested at once: each open
// check holds an instance, and FC caps an account's instances.
// It is checked when parsed, before apply changes anything.
func smokeParallelismFlag() cli.Flag {
	return &cli.IntFlag{Name: "smoke-parallelism", Usage: "smoke-test at most `N` functions at once " +
		"(default: half the local gateway's instance limit; 10 on Function Compute, whose quota wsdeploy cannot see)",
		Action: func(c *cli.Context, n int) error {
			if n < 1 {
				return &UsageError{Err: fmt.Errorf("-smoke-parallelism %d: write how many functions to smoke-test at once, 1 or more", n),
					Help: "wsdeploy " + c.Command.Name + " --help"}
			}
			return nil
		}}
}

// Plan is `wsdeploy plan [options] [DIR]`.
type Plan struct {
	Dir              string // the stack directory; "." unless given
	Provider         string // -provider: the provider block to plan with; "" lets the stack decide
	Targets          []string
	Out              string // -out: where to save the plan; "" saves none
	DetailedExitCode bool
	Destroy          bool // plan to delete everything the stack owns
}

// PlanFlags are plan's own flags.
func PlanFlags() []cli.Flag {
	return []cli.Flag{providerFlag(), targetFlag(),
		&cli.StringFlag{Name: "out", Usage: "save the plan to `FILE` for `wsdeploy apply FILE`"},
		&cli.BoolFlag{Name: "detailed-exitcode", Usage: "exit 0 with no changes, 2 with changes, 1 on error"},
		&cli.BoolFlag{Name: "destroy", Usage: "plan to delete everything the stack owns"},
	}
}

// ParsePlan reads plan's command line.
func ParsePlan(c *cli.Context) (*Plan, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	p := &Plan{Dir: ".", Provider: c.String("provider"), Targets: c.StringSlice("target"), Out: c.String("out"),
		DetailedExitCode: c.Bool("detailed-exitcode"), Destroy: c.Bool("destroy")}
	switch {
	case len(args) == 1:
		p.Dir = args[0]
	case len(args) > 1:
		return nil, fmt.Errorf("plan takes one stack directory, got %d arguments", len(args))
	}
	return p, nil
}

// Apply is `wsdeploy apply [options] [PLANFILE]` and `wsdeploy destroy
// [options]`, which is an apply of a plan to delete everything.
type Apply struct {
	Destroy     bool   // the verb is destroy
	PlanFile    string // a plan saved by plan -out; "" plans afresh
	Provider    string
	Targets     []string
	AutoApprove bool
	ApplyRun
}

// ApplyRun is how one apply runs: apply's, destroy's, and each of dev's
// rounds.
type ApplyRun struct {
	Parallelism int           // provider operations at once
	LockTimeout time.Duration // how long to wait for another run's lock; 0 fails at once
	Smoke       SmokeOptions  // what to smoke-test afterwards (ModeNone for destroy)
}

// SmokeOptions are the smoke test's flags, after apply or on its own.
type SmokeOptions struct {
	Mode smoke.Mode
	// Parallelism is how many functions are tested at once; 0 lets the
	// provider's instance limit decide.
	Parallelism int
}

// ApplyFlags are apply's own flags.
func ApplyFlags() []cli.Flag {
	return []cli.Flag{providerFlag(), targetFlag(), autoApproveFlag(), parallelismFlag(), lockTimeoutFlag(),
		smokeFlag("after apply"), smokeParallelismFlag(),
	}
}

// DestroyFlags are destroy's own flags.
func DestroyFlags() []cli.Flag {
	return []cli.Flag{providerFlag(), targetFlag(), autoApproveFlag(), parallelismFlag(), lockTimeoutFlag()}
}

// ParseApply reads apply's command line, or destroy's when destroy is set.
func ParseApply(c *cli.Context, destroy bool) (*Apply, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	if len(args) > 1 || (destroy && len(args) > 0) {
		return nil, fmt.Errorf("%s takes %s, got %q", c.Command.Name, map[bool]string{false: "at most one plan file", true: "no arguments"}[destroy], args)
	}
	a := &Apply{Destroy: destroy, Provider: c.String("provider"), Targets: c.StringSlice("target"), AutoApprove: c.Bool("auto-approve")}
	if len(args) == 1 {
		a.PlanFile = args[0]
	}
	if a.ApplyRun, err = parseApplyRun(c, !destroy); err != nil {
		return nil, err
	}
	return a, nil
}

// parseApplyRun reads the flags of ApplyRun; without smoke (destroy, which
// has nothing to test), the smoke test's mode is none.
func parseApplyRun(c *cli.Context, smokes bool) (ApplyRun, error) {
	r := ApplyRun{Parallelism: c.Int("parallelism"), LockTimeout: c.Duration("lock-timeout"), Smoke: SmokeOptions{Mode: smoke.ModeNone}}
	if !smokes {
		return r, nil
	}
	mode, err := smoke.ParseMode(c.String("smoke"))
	r.Smoke = SmokeOptions{Mode: mode, Parallelism: c.Int("smoke-parallelism")}
	return r, err
}

// Smoke is `wsdeploy smoke [options] [FUNCTION...]`.
type Smoke struct {
	Provider string
	Only     []string // the functions to test (block labels); all when empty
	Smoke    SmokeOptions
}

// SmokeFlags are smoke's own flags.
func SmokeFlags() []cli.Flag {
	return []cli.Flag{providerFlag(), smokeParallelismFlag()}
}

// ParseSmoke reads smoke's command line.
func ParseSmoke(c *cli.Context) (*Smoke, error) {
	only, err := Positional(c)
	if err != nil {
		return nil, err
	}
	s := &Smoke{Provider: c.String("provider"), Smoke: SmokeOptions{Mode: smoke.ModeAll, Parallelism: c.Int("smoke-parallelism")}}
	if len(only) > 0 {
		s.Only = only
	}
	return s, nil
}
