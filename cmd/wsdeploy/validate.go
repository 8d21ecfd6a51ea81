package main

import (
	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
)

// loadConfig is config.Load; tests replace it to check the wiring without a
// real stack.
var loadConfig = config.Load

func validateVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "validate",
			Usage:     "check the stack's HCL files against Function Compute's rules",
			ArgsUsage: "[DIR]",
			Description: "Loads every *.hcl file of the stack directory (default: the current directory),\n" +
				"resolves variables and references, and checks each block against FC's limits.\n" +
				"Makes no API call. Exits 1 when there are errors; warnings alone exit 0.",
		},
		run: parsed(arguments.ParseValidate, runValidate),
	}
}

func runValidate(inv *invocation, args *arguments.Validate) error {
	dir := args.Dir
	stack, diags := loadWithPlugins(inv, dir, config.Options{Vars: inv.globals.Vars, Environ: inv.env.environ})
	var sources map[string][]byte
	if stack != nil {
		sources = stack.Files
	}
	views.NewValidate(inv.view()).Results(diags, sources)
	if diags.HasErrors() {
		return exitStatus(exitError)
	}
	return nil
}
