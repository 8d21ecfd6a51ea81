package main

import (
	"context"
	"os"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/providers"
)

func smokeVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "smoke",
			Usage:     "run the WebSocket smoke tests against the deployed triggers",
			ArgsUsage: "[FUNCTION...]",
			Description: "Dials each function's GET trigger (all of them, or the functions named), waiting out\n" +
				"trigger propagation, checks that a ping is answered and, with a smoke block, that the reply\n" +
				"to send matches expect. Exits 3 when a check fails, 4 when a trigger never became reachable.",
			Flags: arguments.SmokeFlags(),
		},
		run: parsed(arguments.ParseSmoke, runSmoke),
	}
}

func runSmoke(inv *invocation, args *arguments.Smoke) error {
	d, err := openDeployment(inv, ".", flagChoice(args.Provider), false)
	if err != nil {
		return err
	}
	defer d.cancel()
	urls, err := deployedURLs(d.ctx, d.stack, d.provider)
	if err != nil {
		return err
	}
	return runSmokeTest(d.ctx, inv, d.stack, d.provider, urls, smoke.Selection{Mode: args.Smoke.Mode, Only: args.Only}, args.Smoke.Parallelism)
}

// deployedURLs reads the trigger URLs of the stack's functions from the
// provider, keyed as config.TriggerURLs (function label, trigger name).
func deployedURLs(ctx context.Context, stack *config.Stack, p providers.Provider) (config.TriggerURLs, error) {
	owned, err := p.ListFunctions(ctx, stack.Name)
	if err != nil {
		return nil, err
	}
	byName := map[string]*providers.Function{}
	for _, f := range owned {
		byName[f.Name] = f
	}
	urls := config.TriggerURLs{}
	for _, f := range stack.Functions {
		remote := byName[f.Name]
		if remote == nil {
			continue
		}
		urls[f.Label] = map[string]string{}
		for _, t := range remote.Triggers {
			urls[f.Label][t.Name] = t.URLInternet
		}
	}
	return urls, nil
}

// runSmokeTest checks the selected functions, parallelism of them at once
// (0: as many as the provider's instance limit allows), and turns the
// outcome into the exit code (see smokeExit).
func runSmokeTest(ctx context.Context, inv *invocation, stack *config.Stack, p providers.Provider, urls config.TriggerURLs, sel smoke.Selection, parallelism int) error {
	sel.Sign = p.SignRequest
	sel.Endpoint = p.Info().Domains
	if parallelism == 0 { // not given
		parallelism = smoke.Parallelism(p.Info().InstanceLimit)
	}
	targets, err := smoke.Targets(stack, urls, sel)
	if err != nil {
		return err
	}
	if len(targets) == 0 {
		return nil
	}
	live := inv.globals.View == views.ViewHuman && term.IsTerminal(int(os.Stderr.Fd()))
	view := views.NewSmoke(inv.view(), live)
	sum, err := smoke.Run(ctx, targets, smoke.Options{Progress: view.Progress, PropagationWindow: p.Info().PropagationDelay, Parallelism: parallelism})
	if err != nil {
		return err
	}
	view.Summary(sum)
	return smokeExit(sum)
}

// smokeExit is the exit status of a smoke test in the CLI's contract:
// exitSmokeFailed when a check failed, else exitUnreachable when a trigger
// never answered (Summary.ExitCode decides which wins).
func smokeExit(sum *smoke.Summary) error {
	switch sum.ExitCode() {
	case 0:
		return nil
	case smoke.ExitUnreachable:
		return exitStatus(exitUnreachable)
	default:
		return exitStatus(exitSmokeFailed)
	}
}

// appliedChanges records, from apply's progress, when each trigger and
// custom domain was created or updated, so the smoke test knows which may
// still propagate (and checks a domain apply changed even when its
// functions were not).
func appliedChanges(next func(apply.Event)) (*smoke.Selection, func(apply.Event)) {
	sel := &smoke.Selection{Triggers: smoke.Changes{}, Domains: map[string]smoke.Change{}}
	return sel, func(e apply.Event) {
		next(e)
		if e.Type != apply.Complete || e.Action == plan.Delete {
			return
		}
		kind := smoke.Created
		if e.Action == plan.Update {
			kind = smoke.Updated
		}
		switch e.Change.Kind {
		case plan.KindHTTPTrigger:
			sel.Triggers.Note(e.Change.Label, e.Change.Trigger, kind, time.Now())
		case plan.KindCustomDomain:
			sel.Domains[e.Change.Domain] = smoke.Change{Kind: kind, At: time.Now()}
		}
	}
}
