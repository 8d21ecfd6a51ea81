package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/providers"
)

func planVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "plan",
			Usage:     "show what apply would change",
			ArgsUsage: "[DIR]",
			Description: "Reads the stack, refreshes what the provider has (only the functions the stack owns),\n" +
				"and shows every change apply would make. Changes nothing, and starts no local gateway.",
			Flags: arguments.PlanFlags(),
		},
		run: parsed(arguments.ParsePlan, runPlan),
	}
}

func applyVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "apply",
			Usage:     "make the provider match the stack, then smoke-test it",
			ArgsUsage: "[PLANFILE]",
			Description: "Plans (or takes a plan saved with plan -out), asks for confirmation on a terminal,\n" +
				"and makes the changes: functions before their triggers, in parallel. A saved plan applies\n" +
				"with the provider it was made with. Starts a local gateway when none runs, and says so.",
			Flags: arguments.ApplyFlags(),
		},
		run: parsed(func(c *cli.Context) (*arguments.Apply, error) { return arguments.ParseApply(c, false) }, runApply),
	}
}

func destroyVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:        "destroy",
			Usage:       "delete everything the stack owns",
			Description: "Deletes every function (and its triggers) tagged with the stack's name, and nothing else.",
			Flags:       arguments.DestroyFlags(),
		},
		run: parsed(func(c *cli.Context) (*arguments.Apply, error) { return arguments.ParseApply(c, true) }, runApply),
	}
}

// loadStack loads and validates the stack in dir; diagnostics are shown,
// and errors stop the command.
func loadStack(inv *invocation, dir string) (*config.Stack, error) {
	stack, diags := loadWithPlugins(inv, dir, config.Options{Vars: inv.globals.Vars, Environ: inv.env.environ})
	if len(diags) > 0 {
		var sources map[string][]byte
		if stack != nil {
			sources = stack.Files
		}
		inv.view().Diagnostics(diags, sources)
	}
	if diags.HasErrors() {
		return nil, exitStatus(exitError)
	}
	return stack, nil
}

// deployment is what plan, apply, destroy and smoke work on: the loaded
// stack, its provider, and a context that Ctrl-C ends.
type deployment struct {
	ctx      context.Context
	cancel   context.CancelFunc
	stack    *config.Stack
	provider providers.Provider
}

// providerChoice names the provider block to deploy with, given the
// stack ("" lets openProvider decide).
type providerChoice func(*config.Stack) (string, error)

// flagChoice is what -provider says.
func flagChoice(provider string) providerChoice {
	return func(*config.Stack) (string, error) { return provider, nil }
}

// openDeployment loads the stack in dir and opens the provider it chooses
// (see openProvider); mayStart is for verbs that change the deployment,
// which may start a local gateway.
func openDeployment(inv *invocation, dir string, choose providerChoice, mayStart bool) (*deployment, error) {
	stack, err := loadStack(inv, dir)
	if err != nil {
		return nil, err
	}
	choice, err := choose(stack)
	if err != nil {
		return nil, err
	}
	ctx, cancel := interrupted(inv.c.Context)
	p, err := openProvider(ctx, inv, stack, choice, mayStart)
	if err != nil {
		cancel()
		return nil, err
	}
	return &deployment{ctx, cancel, stack, p}, nil
}

// interrupted ends ctx on Ctrl-C or SIGTERM, so an apply stops starting new
// steps and reports what was done.
func interrupted(parent context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
}

func runPlan(inv *invocation, args *arguments.Plan) error {
	d, err := openDeployment(inv, args.Dir, flagChoice(args.Provider), false)
	if err != nil {
		return err
	}
	defer d.cancel()
	ctx, stack, p := d.ctx, d.stack, d.provider
	pv := views.NewPlan(inv.view())
	make := plan.Make
	if args.Destroy {
		make = plan.MakeDestroy
	}
	pl, err := make(ctx, stack, p, plan.Options{Targets: args.Targets, Environ: inv.env.environ, Progress: pv.Progress})
	if err != nil {
		return err
	}
	pv.Plan(pl)
	if out := args.Out; out != "" {
		if err := pl.SaveFile(out); err != nil {
			return fmt.Errorf("cannot save the plan: %w", err)
		}
	}
	if args.DetailedExitCode && pl.HasChanges() {
		return exitStatus(exitChanges)
	}
	return nil
}

func runApply(inv *invocation, args *arguments.Apply) (err error) {
	var saved *plan.Plan
	choose := flagChoice(args.Provider)
	if args.PlanFile != "" {
		if saved, err = plan.LoadFile(args.PlanFile); err != nil {
			return err
		}
		choose = savedPlanChoice(saved, args.PlanFile, args.Provider)
	}
	d, err := openDeployment(inv, ".", choose, true)
	if err != nil {
		return err
	}
	defer d.cancel()
	release, err := takeLock(inv, d, inv.c.Command.Name, args.LockTimeout)
	if err != nil {
		return err
	}
	defer func() {
		if rerr := release(); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}()
	ctx, stack, p := d.ctx, d.stack, d.provider
	pv := views.NewPlan(inv.view())
	opts := plan.Options{Targets: args.Targets, Environ: inv.env.environ, Progress: pv.Progress}
	var pl *plan.Plan
	switch {
	case saved != nil:
		if pl, err = plan.Resume(ctx, saved, stack, p, opts); err != nil {
			return err
		}
	case args.Destroy:
		if pl, err = plan.MakeDestroy(ctx, stack, p, opts); err != nil {
			return err
		}
	default:
		if pl, err = plan.Make(ctx, stack, p, opts); err != nil {
			return err
		}
	}
	pv.Plan(pl)
	if !pl.HasChanges() {
		return applyAndReport(ctx, inv, stack, pl, p, args.ApplyRun)
	}
	// A saved plan was reviewed when it was made, as in Terraform.
	if args.PlanFile == "" && !args.AutoApprove {
		if err := confirm(inv, args.Destroy); err != nil {
			return err
		}
	}
	return applyAndReport(ctx, inv, stack, pl, p, args.ApplyRun)
}

// savedPlanChoice applies a saved plan with the provider block it was made
// against, even when the stack declares several. A -provider that names
// another declared block is refused rather than obeyed or ignored. (A
// plugin may report a name that is not its block's label: then -provider,
// or the stack's only block, decides, and Resume checks the rest.)
func savedPlanChoice(saved *plan.Plan, path, flag string) providerChoice {
	return func(stack *config.Stack) (string, error) {
		recorded := saved.Provider.Name
		declared := false
		for _, b := range stack.Providers {
			declared = declared || (recorded != "" && b.Name == recorded)
		}
		switch {
		case !declared:
			return flag, nil
		case flag != "" && flag != recorded:
			return "", fmt.Errorf("the plan %s was made with provider %q, but -provider says %q: a saved plan applies only with the provider it was made against; drop -provider, or make a new plan with wsdeploy plan -provider %s -out FILE",
				path, recorded, flag, flag)
		}
		return recorded, nil
	}
}

func applyAndReport(ctx context.Context, inv *invocation, stack *config.Stack, pl *plan.Plan, p providers.Provider, args arguments.ApplyRun) error {
	av := views.NewApply(inv.view())
	sel, progress := appliedChanges(av.Progress)
	res, err := apply.Apply(ctx, pl, p, apply.Options{Parallelism: args.Parallelism, Progress: progress})
	av.Result(res)
	if !res.Destroy {
		outs, diags := apply.Outputs(stack, res)
		if len(diags) > 0 {
			inv.view().Diagnostics(diags, stack.Files)
		}
		av.Outputs(outs)
	}
	if err != nil {
		var applyErr *apply.Error
		if errors.As(err, &applyErr) {
			return exitStatus(exitError) // the view has shown each failure
		}
		return err
	}
	if res.Destroy {
		return nil
	}
	sel.Mode, sel.Changed = args.Smoke.Mode, res.ChangedFunctions()
	return runSmokeTest(ctx, inv, stack, p, res.URLs, *sel, args.Smoke.Parallelism)
}

// confirm asks on a terminal; without one (CI) it refuses rather than wait
// for an answer that never comes.
func confirm(inv *invocation, destroy bool) error {
	what := "apply"
	if destroy {
		what = "destroy"
	}
	return askYes(inv, fmt.Sprintf("Do you want to %s these changes?", what), what,
		"review the plan and run again with -auto-approve (or save it with plan -out FILE and run wsdeploy apply FILE)")
}

// askYes asks question on a terminal and accepts only "yes"; without a
// terminal (CI) it refuses, saying what to do (todo), rather than wait for
// an answer that never comes.
func askYes(inv *invocation, question, what, todo string) error {
	f, isFile := inv.env.stdin.(*os.File)
	if inv.globals.View == views.ViewJSON || !isFile || !term.IsTerminal(int(f.Fd())) {
		return fmt.Errorf("%s needs confirmation and there is no terminal to ask on; %s", what, todo)
	}
	fmt.Fprintf(inv.env.stdout, "\n%s\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ", question)
	answer, err := bufio.NewReader(inv.env.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if strings.TrimSpace(answer) != "yes" {
		return fmt.Errorf("%s cancelled: nothing was changed", what)
	}
	return nil
}
