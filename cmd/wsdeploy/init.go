package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/examples"
	"github.com/wsdeploy/wsdeploy/internal/arguments"
)

func initVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "init",
			Usage:     "create a stack directory from an example",
			ArgsUsage: "[DIR]",
			Description: "Copies an example stack (default " + arguments.DefaultExample + ") into DIR (default: the example's name),\n" +
				"which must be new or empty. Examples: " + fmt.Sprint(examples.Names()),
			Flags: arguments.InitFlags(),
		},
		run: parsed(arguments.ParseInit, runInit),
	}
}

func runInit(inv *invocation, args *arguments.Init) error {
	name, dir := args.Example, args.Dir
	if err := examples.Write(name, dir); err != nil {
		return err
	}
	next := fmt.Sprintf("cd %s", dir)
	if examples.NeedsGoModTidy(name) {
		next += " && go mod tidy"
	}
	inv.view().Note(fmt.Sprintf("Created %s from the %s example. Next: %s && wsdeploy validate && wsdeploy apply (see its README.md).", dir, name, next))
	return nil
}
