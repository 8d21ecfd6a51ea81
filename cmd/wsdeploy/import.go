package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/providers"
)

func importVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "import",
			Usage:     "adopt an existing function (and its triggers) into the stack",
			ArgsUsage: "FUNCTION_ADDRESS FC_NAME",
			Description: "Reads the function FC_NAME (made by hand, by Serverless Devs, or by another tool), shows its differences\n" +
				"from the function block FUNCTION_ADDRESS (function.NAME) as a plan, and after confirmation marks it as\n" +
				"the stack's with the " + providers.StackTag + " tag. It changes nothing else: the next apply makes the\n" +
				"differences. Refuses a function another stack owns. Holds the stack's lock meanwhile, as apply does.",
			Flags: arguments.ImportFlags(),
		},
		run: parsed(arguments.ParseImport, runImport),
	}
}

func runImport(inv *invocation, args *arguments.Import) (err error) {
	d, err := openDeployment(inv, ".", flagChoice(args.Provider), false)
	if err != nil {
		return err
	}
	defer d.cancel()
	// The lock, before the function is read: an apply of the stack that
	// runs meanwhile could change what the plan shows, or prune the
	// function between the confirmation and the tag.
	release, err := takeLock(inv, d, "import", args.LockTimeout)
	if err != nil {
		return err
	}
	defer func() {
		if rerr := release(); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}()
	v := views.NewImport(inv.view())
	im, err := plan.MakeImport(d.ctx, d.stack, d.provider, args.Address, args.Name, plan.Options{Environ: inv.env.environ, Progress: v.Progress})
	if err != nil {
		return err
	}
	v.Plan(im.Plan)
	v.Pending(im)
	if !args.AutoApprove {
		if err := confirmImport(inv, im); err != nil {
			return err
		}
	}
	if err := im.Adopt(d.ctx, d.provider); err != nil {
		return err
	}
	v.Imported(im)
	return nil
}

// confirmImport asks on a terminal, as apply does; without one it refuses.
func confirmImport(inv *invocation, im *plan.Import) error {
	f, isFile := inv.env.stdin.(*os.File)
	if inv.globals.View == views.ViewJSON || !isFile || !term.IsTerminal(int(f.Fd())) {
		return errors.New("import needs confirmation and there is no terminal to ask on; review the plan and run again with -auto-approve")
	}
	fmt.Fprintf(inv.env.stdout, "\nDo you want stack %q to own function %q?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ", im.Stack, im.Function)
	answer, err := bufio.NewReader(inv.env.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if strings.TrimSpace(answer) != "yes" {
		return fmt.Errorf("import cancelled: function %q was not tagged, and nothing was changed", im.Function)
	}
	return nil
}
