package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/engine/config"
	"github.com/wsdeploy/wsdeploy/engine/views"
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
			Flags: []cli.Flag{providerFlag,
				&cli.StringFlag{Name: "delete", Usage: "end the session `ID` instead of listing"},
			},
		},
		run: runSessions,
	}
}

func runSessions(inv *invocation) error {
	args, err := positional(inv.c)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return fmt.Errorf("name one function: wsdeploy sessions [--delete ID] FUNCTION")
	}
	d, err := openDeployment(inv, ".", flagChoice(inv), false)
	if err != nil {
		return err
	}
	defer d.cancel()
	fn, err := stackFunction(d.stack, args[0])
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
	if id := inv.c.String("delete"); id != "" {
		err := api.DeleteSession(d.ctx, fn.Name, id)
		switch {
		case errors.Is(err, providers.ErrNotFound):
			return fmt.Errorf("function %q has no session %q (wsdeploy sessions %s lists them): %w", fn.Label, id, args[0], err)
		case errors.Is(err, errors.ErrUnsupported):
			return noSessionAPI(name, err)
		case err != nil:
			return err
		}
		newSessionsView(inv).ended(fn.Label, id)
		return nil
	}
	list, err := api.ListSessions(d.ctx, fn.Name)
	if errors.Is(err, errors.ErrUnsupported) {
		return noSessionAPI(name, err)
	}
	if err != nil {
		return err
	}
	newSessionsView(inv).list(fn, list)
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

// sessionsView prints the sessions command's results: a table, or with
// -json one event per line in the stream's format. (It lives here, not in
// engine/views, while that package is being changed by others; it belongs
// beside views.Billing.)
type sessionsView struct {
	inv *invocation
	out io.Writer
}

func newSessionsView(inv *invocation) *sessionsView {
	inv.view() // a JSON stream starts with its version event
	return &sessionsView{inv: inv, out: inv.env.streams(inv.globals.noColor).Stdout}
}

// sessionJSON is one session in the -json stream: its own versioned shape,
// not the provider's struct.
type sessionJSON struct {
	ID                 string `json:"id"`
	Function           string `json:"function"`
	Qualifier          string `json:"qualifier,omitempty"`
	Instance           string `json:"instance"`
	AffinityType       string `json:"affinity_type"`
	Status             string `json:"status"`
	Created            string `json:"created"`
	LastActive         string `json:"last_active"`
	TTLSeconds         int    `json:"ttl_seconds"`
	IdleTimeoutSeconds int    `json:"idle_timeout_seconds"`
}

func (v *sessionsView) list(fn *config.Function, list []*providers.Session) {
	if v.inv.globals.json {
		rows := []sessionJSON{}
		for _, s := range list {
			rows = append(rows, sessionJSON{ID: s.ID, Function: s.Function, Qualifier: s.Qualifier, Instance: s.InstanceID,
				AffinityType: s.AffinityType, Status: s.Status, Created: s.Created, LastActive: s.LastModified,
				TTLSeconds: s.TTL, IdleTimeoutSeconds: s.IdleTimeout})
		}
		v.event("sessions", fmt.Sprintf("%d sessions of function %s", len(rows), fn.Label), map[string]any{"function": fn.Label, "sessions": rows})
		return
	}
	if len(list) == 0 {
		fmt.Fprintf(v.out, "Function %s has no sessions: no connection has carried a session id yet.\n", fn.Label)
		return
	}
	w := tabwriter.NewWriter(v.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "SESSION\tINSTANCE\tSTATUS\tCREATED\tLAST ACTIVE\tTTL\tIDLE")
	for _, s := range list {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, dash(s.InstanceID), dash(s.Status), dash(s.Created), dash(s.LastModified),
			seconds(s.TTL), seconds(s.IdleTimeout))
	}
	w.Flush()
}

func (v *sessionsView) ended(function, id string) {
	msg := fmt.Sprintf("Ended session %s of function %s: its id no longer binds an instance.", id, function)
	if v.inv.globals.json {
		v.event("session_deleted", msg, map[string]any{"function": function, "id": id})
		return
	}
	fmt.Fprintln(v.out, msg)
}

// event writes one event of the -json stream, with the common fields
// every event of engine/views carries.
func (v *sessionsView) event(typ, msg string, fields map[string]any) {
	ev := map[string]any{"type": typ, "format_version": views.FormatVersion, "@timestamp": time.Now().Format(time.RFC3339Nano),
		"@level": "info", "@message": strings.ReplaceAll(msg, "\n", " ")}
	for k, f := range fields {
		ev[k] = f
	}
	enc := json.NewEncoder(v.out)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(ev) // strings and numbers: cannot fail
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// seconds shows a TTL or idle timeout: "6h0m0s", "30m0s"; 0 is "0s".
func seconds(n int) string {
	if n < 0 {
		return strconv.Itoa(n) + "s"
	}
	return (time.Duration(n) * time.Second).String()
}
