package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
)

func outputVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "output",
			Usage:     "show the stack's outputs, evaluated with what is deployed now",
			ArgsUsage: "[NAME]",
			Description: "Evaluates the stack's output blocks with the trigger URLs the provider has now (wsdeploy keeps\n" +
				"no state file: the deployment is the truth), as apply shows them. Sensitive values are masked in the\n" +
				"list and shown when asked for by NAME. -raw NAME prints a string, number or bool as is, without a\n" +
				"newline, for scripts: URL=$(wsdeploy output -raw url). Fails when the stack has no function deployed\n" +
				"or NAME is not an output. Starts no local gateway.",
			Flags: arguments.OutputFlags(),
		},
		run: func(inv *invocation) error {
			parse := func(c *cli.Context) (*arguments.Output, error) { return arguments.ParseOutput(c, inv.globals.View) }
			return parsed(parse, runOutput)(inv)
		},
	}
}

func runOutput(inv *invocation, args *arguments.Output) error {
	raw := args.Raw
	d, err := openDeployment(inv, ".", flagChoice(args.Provider), false)
	if err != nil {
		return err
	}
	defer d.cancel()
	if len(d.stack.Outputs) == 0 {
		return fmt.Errorf("stack %q declares no output blocks: add one, such as\n    output \"url\" {\n      value = function.NAME.http_trigger.TRIGGER.url\n    }", d.stack.Name)
	}
	name := args.Name
	if name != "" {
		if !declaresOutput(d.stack.Outputs, name) {
			return fmt.Errorf("stack %q has no output %q (its outputs: %s)", d.stack.Name, name, outputNames(d.stack.Outputs))
		}
	}
	urls, err := deployedURLs(d.ctx, d.stack, d.provider)
	if err != nil {
		return err
	}
	if len(urls) == 0 {
		return fmt.Errorf("stack %q has not been applied with provider %q: none of its functions is there with the tag wsdeploy-stack=%s. Run wsdeploy apply first",
			d.stack.Name, d.provider.Info().Name, d.stack.Name)
	}
	outs, diags := apply.Outputs(d.stack, &apply.Result{URLs: urls})
	if len(diags) > 0 {
		inv.view().Diagnostics(diags, d.stack.Files)
		if diags.HasErrors() {
			return exitStatus(exitError)
		}
	}
	view := views.NewOutput(inv.view())
	if name == "" {
		view.All(outs)
		return nil
	}
	for _, o := range outs {
		if o.Name != name {
			continue
		}
		if !o.Value.IsWhollyKnown() {
			return fmt.Errorf("output %q is not known: what it refers to is not deployed (a function or trigger of the stack is missing). Run wsdeploy plan to see what apply would create", name)
		}
		if !raw {
			view.One(o)
			return nil
		}
		text, err := views.RawOutput(o)
		if err != nil {
			return err
		}
		_, err = fmt.Fprint(inv.c.App.Writer, text)
		return err
	}
	return fmt.Errorf("output %q has no value", name)
}

func declaresOutput(outs []*config.Output, name string) bool {
	for _, o := range outs {
		if o.Name == name {
			return true
		}
	}
	return false
}

func outputNames(outs []*config.Output) string {
	names := make([]string, len(outs))
	for i, o := range outs {
		names[i] = o.Name
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
