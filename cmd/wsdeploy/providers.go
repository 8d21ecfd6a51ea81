package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// providerSchemas are the providers a stack's provider block may name.
func providerSchemas() map[string]providers.Schema {
	return map[string]providers.Schema{
		local.Name:  local.Schema,
		aliyun.Name: aliyun.Schema,
	}
}

// openProvider builds the provider the stack deploys with: the one chosen by
// -provider, else the stack's only provider block, else the local gateway.
// Only verbs that change the deployment (mayStart) start a local gateway
// when none runs; they say so.
func openProvider(ctx context.Context, inv *invocation, stack *config.Stack, choice string, mayStart bool) (providers.Provider, error) {
	block, err := stack.Provider(choice, local.Name)
	if err != nil {
		return nil, err
	}
	switch block.Name {
	case local.Name:
		settings := local.DecodeSettings(block.Settings)
		settings.NoStart = !mayStart
		p, gw, err := local.New(ctx, settings)
		if errors.Is(err, statedir.ErrNotRunning) {
			return nil, fmt.Errorf("%w. wsdeploy %s changes nothing, so it does not start a gateway (wsdeploy apply does)", err, inv.c.Command.Name)
		}
		if err != nil {
			return nil, err // not a typed nil inside the interface
		}
		if gw.Started {
			what := "No local gateway was running: started one"
			if gw.Stale != nil {
				what = fmt.Sprintf("The gateway.json of %s was stale (pid %d at %s is not its gateway: %v): started a new gateway",
					gw.StateDir, gw.Stale.Info.PID, gw.Stale.Info.ControlAddress, gw.Stale.Reason)
			}
			inv.view().Note(fmt.Sprintf("%s (pid %d, control API %s, state %s); stop it with wsdeploy gateway stop.",
				what, gw.PID, gw.ControlAddress, gw.StateDir))
		}
		noteLocalVPC(inv, stack)
		return p, nil
	case aliyun.Name:
		p, err := aliyun.New(ctx, aliyun.DecodeSettings(block.Settings))
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	return openPluginProvider(ctx, inv, block)
}

// noteLocalVPC says once that vpc blocks do nothing on the local gateway:
// it stores them, but its instances use the host's network.
func noteLocalVPC(inv *invocation, stack *config.Stack) {
	for _, f := range stack.Functions {
		if f.VPC != nil {
			inv.view().Note(fmt.Sprintf("function %q has a vpc block: the local gateway stores it but it has no effect locally; instances use the host's network.", f.Label))
			return
		}
	}
}
