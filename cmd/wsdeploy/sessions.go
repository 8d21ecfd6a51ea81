package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/providers"
)

func sessionsVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "sessions",
			Usage:     "list the sessions of a function with session affinity, or end one",
			ArgsUsage: "FUNCTION",
			Description: "Lists the function's sessions (FC's ListSessions): each session id, the instance it is bound to,\n" +
				"its status, when it was created and last active, and its TTL and idle timeout. Connections that carry\n" +
				"a session id (the session_affinity header, or FC's cookie) go to that instance while the session lives.\n" +
				"--delete ID ends a session (FC's DeleteSession): its id no longer binds an instance, and its next\n" +
				"connection is placed afresh. FUNCTION is the function block's label or its FC name.",
			Flags: arguments.SessionsFlags(),
		},
		run: parsed(arguments.ParseSessions, runSessions),
	}
}

func runSessions(inv *invocation, args *arguments.Sessions) error {
	d, err := openDeployment(inv, ".", flagChoice(args.Provider), false)
	if err != nil {
		return err
	}
	defer d.cancel()
	fn, err := stackFunction(d.stack, args.Function)
	if err != nil {
		return err
	}
	if fn.SessionAffinity == nil {
		return fmt.Errorf("function %q has no session_affinity block, so it has no sessions: Function Compute binds connections "+
			"to instances only for a function with session affinity. Add to function %q\n"+
			"    session_affinity {\n      type = \"cookie\"   # or \"header_field\" with header = \"x-session-id\"\n    }\n"+
			"and run wsdeploy apply", fn.Label, fn.Label)
	}
	api, ok := d.provider.(providers.Sessions)
	name := d.provider.Info().Name
	if !ok {
		return noSessionAPI(name, nil)
	}
	if id := args.Delete; id != "" {
		err := api.DeleteSession(d.ctx, fn.Name, id)
		switch {
		case errors.Is(err, providers.ErrNotFound):
			return fmt.Errorf("function %q has no session %q (wsdeploy sessions %s lists them): %w", fn.Label, id, args.Function, err)
		case errors.Is(err, errors.ErrUnsupported):
			return noSessionAPI(name, err)
		case err != nil:
			return err
		}
		views.NewSessions(inv.view()).Ended(fn.Label, id)
		return nil
	}
	list, err := api.ListSessions(d.ctx, fn.Name)
	if errors.Is(err, errors.ErrUnsupported) {
		return noSessionAPI(name, err)
	}
	if err != nil {
		return err
	}
	views.NewSessions(inv.view()).List(fn.Label, sessionRows(list))
	return nil
}

// noSessionAPI says that the provider cannot list or end sessions.
func noSessionAPI(provider string, err error) error {
	msg := fmt.Sprintf("provider %q does not offer Function Compute's Session API, so wsdeploy cannot list or end sessions through it "+
		"(the aliyun and local providers do; a plugin needs protocol 1.1 and the session calls)", provider)
	if err != nil {
		return fmt.Errorf("%s: %w", msg, err)
	}
	return errors.New(msg)
}

// sessionRows turns the provider's sessions into the view's rows.
func sessionRows(list []*providers.Session) []views.Session {
	rows := make([]views.Session, 0, len(list))
	for _, s := range list {
		rows = append(rows, views.Session{ID: s.ID, Function: s.Function, Qualifier: s.Qualifier, Instance: s.InstanceID,
			AffinityType: s.AffinityType, Status: s.Status, Created: s.Created, LastActive: s.LastModified,
			TTLSeconds: s.TTL, IdleTimeoutSeconds: s.IdleTimeout})
	}
	return rows
}
