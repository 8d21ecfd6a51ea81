package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
)

// invocation is one run of a verb as its body sees it.
type invocation struct {
	c       *cli.Context
	globals arguments.Globals
	env     *env
	base    views.Base
	plugins pluginSet // started by this run; killed when it ends
}

// view returns the run's base view, created on first use: a JSON stream
// starts with its version event, which must not precede output that is not
// an event (the completion scripts).
func (inv *invocation) view() views.Base {
	if inv.base == nil {
		inv.base = views.New(views.Options{
			Streams: inv.env.streams(inv.globals.NoColor),
			Type:    inv.globals.View,
			Version: currentVersion(),
		})
	}
	return inv.base
}

// action is what every verb shares: global flags merged from both
// positions, -chdir applied before anything else, errors reported once
// through the view, panics turned into an error message instead of a stack
// trace.
func action(e *env, vars *arguments.VarList, run func(*invocation) error) cli.ActionFunc {
	return func(c *cli.Context) (err error) {
		inv := &invocation{c: c, globals: arguments.ParseGlobals(c, vars), env: e}
		defer inv.plugins.close()
		defer func() {
			if p := recover(); p != nil {
				err = report(inv, fmt.Errorf("internal error: %v (this is a bug in wsdeploy; please report it)", p))
			}
		}()
		if dir := inv.globals.Chdir; dir != "" {
			if err := os.Chdir(dir); err != nil {
				return report(inv, fmt.Errorf("cannot switch to directory %q (-chdir): %w", dir, osReason(err)))
			}
		}
		return report(inv, run(inv))
	}
}

// report prints err through the view, unless it is an exit status (already
// reported), and returns the exit status for run.
func report(inv *invocation, err error) error {
	var status exitStatus
	if err == nil || errors.As(err, &status) {
		return err
	}
	inv.view().Error(err)
	return exitStatus(exitError)
}
