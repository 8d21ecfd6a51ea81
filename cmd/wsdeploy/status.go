package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/providers"
)

func statusVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:  "status",
			Usage: "show what the stack has deployed now: state, runtime, code, URLs, domains, live instances",
			Description: "Reads the provider (no plan, no state file): for each function the stack declares or owns, its state\n" +
				"and last update status, runtime, code checksum, trigger URLs, the custom domain routes to it, and its\n" +
				"live instances (FC's ListInstances) with, on the local gateway, the connections each holds (FC does\n" +
				"not report connections). Starts no local gateway.",
			Flags: arguments.StackFlags(),
		},
		run: parsed(arguments.ParseStack, runStatus),
	}
}

func runStatus(inv *invocation, args *arguments.Stack) error {
	d, err := openDeployment(inv, ".", flagChoice(args.Provider), false)
	if err != nil {
		return err
	}
	defer d.cancel()
	owned, err := d.provider.ListFunctions(d.ctx, d.stack.Name)
	if err != nil {
		return err
	}
	routes, err := domainRoutes(d)
	if err != nil {
		return err
	}
	byName := map[string]*providers.Function{}
	for _, f := range owned {
		byName[f.Name] = f
	}
	var rows []views.FunctionStatus
	for _, f := range d.stack.Functions {
		rows = append(rows, views.FunctionStatus{Address: "function." + f.Label, Name: f.Name, Declared: true})
	}
	for _, f := range owned {
		if !declared(rows, f.Name) {
			rows = append(rows, views.FunctionStatus{Name: f.Name})
		}
	}
	for i := range rows {
		if f := byName[rows[i].Name]; f != nil {
			if err := fillStatus(d, &rows[i], f, routes[f.Name]); err != nil {
				return err
			}
		}
	}
	views.NewStatus(inv.view()).Status(views.StackStatus{Stack: d.stack.Name, Provider: d.provider.Info().Name, Functions: rows})
	return nil
}

func declared(rows []views.FunctionStatus, name string) bool {
	for _, r := range rows {
		if r.Name == name {
			return true
		}
	}
	return false
}

// fillStatus adds what the provider has of a deployed function: its
// configuration, state and instances.
func fillStatus(d *deployment, row *views.FunctionStatus, f *providers.Function, domains []string) error {
	row.Deployed, row.Runtime, row.CodeChecksum, row.LastModified = true, f.Runtime, f.CodeChecksum, f.LastModified
	row.Triggers, row.Domains = []views.TriggerStatus{}, append([]string{}, domains...)
	for _, t := range f.Triggers {
		row.Triggers = append(row.Triggers, views.TriggerStatus{Name: t.Name, AuthType: t.AuthType, URL: t.URLInternet})
	}
	name := d.provider.Info().Name
	if s, ok := d.provider.(providers.States); ok {
		st, err := s.FunctionState(d.ctx, f.Name)
		if err != nil && !errors.Is(err, providers.ErrNotFound) { // deleted since the listing: no state
			return err
		}
		if st != nil {
			row.State, row.StateReason, row.LastUpdateStatus, row.LastUpdateReason = st.State, st.StateReason, st.LastUpdateStatus, st.LastUpdateReason
		}
	}
	api, ok := d.provider.(providers.Instances)
	if !ok {
		row.InstancesUnknown = fmt.Sprintf("provider %q does not offer Function Compute's ListInstances", name)
		return nil
	}
	list, err := api.ListInstances(d.ctx, f.Name)
	switch {
	case errors.Is(err, errors.ErrUnsupported):
		row.InstancesUnknown = fmt.Sprintf("provider %q does not offer Function Compute's ListInstances", name)
		return nil
	case errors.Is(err, providers.ErrNotFound):
		list = nil // deleted since the listing
	case err != nil:
		return err
	}
	row.Instances = []views.InstanceStatus{}
	for _, in := range list {
		row.Instances = append(row.Instances, views.InstanceStatus{ID: in.ID, Status: in.Status, Connections: in.Connections})
	}
	return nil
}

// domainRoutes gives the custom domain routes ("host/path") to each
// function by FC name, when the provider manages custom domains.
func domainRoutes(d *deployment) (map[string][]string, error) {
	api, ok := d.provider.(providers.CustomDomains)
	if !ok {
		return nil, nil
	}
	domains, err := api.ListCustomDomains(d.ctx)
	if errors.Is(err, errors.ErrUnsupported) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, dom := range domains {
		for _, r := range dom.Routes {
			out[r.Function] = append(out[r.Function], dom.Name+r.Path)
		}
	}
	return out, nil
}
