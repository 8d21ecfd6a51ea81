package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/examples"
)

const defaultExample = "echo-go"

func initVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "init",
			Usage:     "create a stack directory from an example",
			ArgsUsage: "[DIR]",
			Description: "Copies an example stack (default " + defaultExample + ") into DIR (default: the example's name),\n" +
				"which must be new or empty. Examples: " + fmt.Sprint(examples.Names()),
			Flags: []cli.Flag{&cli.StringFlag{Name: "example", Value: defaultExample, Usage: "the example to copy: `NAME`"}},
		},
		run: runInit,
	}
}

func runInit(inv *invocation) error {
	args, err := positional(inv.c)
	if err != nil {
		return err
	}
	name := inv.c.String("example")
	dir := name
	switch len(args) {
	case 0:
	case 1:
		dir = args[0]
	default:
		return fmt.Errorf("init takes one directory, got %d arguments", len(args))
	}
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
