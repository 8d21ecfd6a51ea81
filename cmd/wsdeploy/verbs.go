package main

import "github.com/urfave/cli/v2"

// parsed is the body of a verb whose command line parse reads into a typed
// struct (package arguments) that run then works from.
func parsed[A any](parse func(*cli.Context) (A, error), run func(*invocation, A) error) func(*invocation) error {
	return func(inv *invocation) error {
		args, err := parse(inv.c)
		if err != nil {
			return err
		}
		return run(inv, args)
	}
}

// verb is one wsdeploy command: its urfave description (name, usage, own
// flags) and its body.
type verb struct {
	cmd  *cli.Command
	run  func(inv *invocation) error
	subs []verb // subcommands, such as `gateway stop`
}

// verbs lists every verb of the product in the order of a user's workflow;
// help shows them in this order.
func verbs() []verb {
	return []verb{
		initVerb(),
		convertVerb(),
		validateVerb(),
		fmtVerb(),
		planVerb(),
		applyVerb(),
		devVerb(),
		destroyVerb(),
		importVerb(),
		forceUnlockVerb(),
		outputVerb(),
		statusVerb(),
		smokeVerb(),
		gatewayVerb(),
		logsVerb(),
		sessionsVerb(),
		billingVerb(),
		pluginsVerb(),
		versionVerb(),
		completionVerb(),
	}
}
