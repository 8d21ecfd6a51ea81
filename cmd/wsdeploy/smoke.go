package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

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
			Flags: []cli.Flag{providerFlag, smokeParallelismFlag},
		},
		run: runSmoke,
	}
}

// smokeParallelismFlag bounds the functions smoke-tested at once: each open
// check holds an instance, and FC caps an account's instances.
// It is checked when parsed, before apply changes anything.
var smokeParallelismFlag = &cli.IntFlag{Name: "smoke-parallelism", Usage: "smoke-test at most `N` functions at once " +
	"(default: half the local gateway's instance limit; 10 on Function Compute, whose quota wsdeploy cannot see)",
	Action: func(c *cli.Context, n int) error {
		if n < 1 {
			return &usageError{err: fmt.Errorf("-smoke-parallelism %d: write how many functions to smoke-test at once, 1 or more", n),
				help: "wsdeploy " + c.Command.Name + " --help"}
		}
		return nil
	}}

func runSmoke(inv *invocation) error {
	only, err := positional(inv.c)
	if err != nil {
		return err
	}
	d, err := openDeployment(inv, ".", flagChoice(inv), false)
	if err != nil {
		return err
	}
	defer d.cancel()
	urls, err := deployedURLs(d.ctx, d.stack, d.provider)
	if err != nil {
		return err
	}
	return runSmokeTest(d.ctx, inv, d.stack, d.provider, urls, smoke.Selection{Mode: smoke.ModeAll, Only: only})
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

// runSmokeTest checks the selected functions and turns the outcome into the
// exit code: 3 for a failed check, 4 for a trigger that never answered.
func runSmokeTest(ctx context.Context, inv *invocation, stack *config.Stack, p providers.Provider, urls config.TriggerURLs, sel smoke.Selection) error {
	sel.Sign = p.SignRequest
	sel.Endpoint = p.Info().Domains
	parallelism := inv.c.Int(smokeParallelismFlag.Name)
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
	live := !inv.globals.json && term.IsTerminal(int(os.Stderr.Fd()))
	view := views.NewSmoke(inv.view(), live)
	sum, err := smoke.Run(ctx, targets, smoke.Options{Progress: view.Progress, PropagationWindow: p.Info().PropagationDelay, Parallelism: parallelism})
	if err != nil {
		return err
	}
	view.Summary(sum)
	if code := sum.ExitCode(); code != 0 {
		return exitStatus(code)
	}
	return nil
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
