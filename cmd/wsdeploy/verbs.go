package main

import "github.com/urfave/cli/v2"

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
		notImplemented("init", "create a stack directory with an example function", 6),
		validateVerb(),
		fmtVerb(),
		planVerb(),
		applyVerb(),
		destroyVerb(),
		smokeVerb(),
		gatewayVerb(),
		logsVerb(),
		billingVerb(),
		notImplemented("plugins", "list and inspect provider plugins", 7),
		versionVerb(),
		completionVerb(),
	}
}

// notImplemented is a verb that is planned but not built: it says so and
// which issue tracks it, and fails, so that no script mistakes it for a
// successful no-op.
func notImplemented(name, usage string, issue int) verb {
	return verb{
		cmd: &cli.Command{Name: name, Usage: usage + " (not implemented yet)"},
		run: func(inv *invocation) error {
			inv.view().NotImplemented(name, issue)
			return exitStatus(exitError)
		},
	}
}
