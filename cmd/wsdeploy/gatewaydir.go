package main

import (
	"fmt"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// stackGatewayHelp ends the help of the verbs that use stateDir.
const stackGatewayHelp = "Run in a stack directory (or with -chdir DIR), it uses the stack's gateway, as plan and apply do:\n" +
	"the state_dir of its provider \"local\" block, unless --state-dir says otherwise."

// stateDir is the state directory of the gateway that gateway, gateway
// status|stop, logs and billing work on: flagDir (--state-dir), else the state_dir of
// the local provider block of the stack in the working directory (after
// -chdir), which is the gateway plan and apply use there, else
// statedir.Default ($WSDEPLOY_GATEWAY_STATE_DIR, else the default).
func stateDir(inv *invocation, flagDir string) (string, error) {
	if dir := flagDir; dir != "" {
		return statedir.Resolve(dir)
	}
	return statedir.Resolve(stackStateDir(inv, "."))
}

// stackStateDir is the state_dir that the stack in dir gives its local
// provider, or "" when dir holds no stack or the stack sets none. The stack
// is loaded (variables and all) only when a provider "local" block writes
// state_dir. A stack that does not load must not keep the user from their
// gateway (stopping it most of all): it is noted, and "" returned.
func stackStateDir(inv *invocation, dir string) string {
	if !writesStateDir(dir) {
		return ""
	}
	stack, diags := loadWithPlugins(inv, dir, config.Options{Vars: inv.globals.Vars, Environ: inv.env.environ})
	if diags.HasErrors() {
		inv.view().Note(fmt.Sprintf("The stack in this directory does not load (%s), so its provider \"local\" state_dir is unknown: "+
			"using $%s or the default state directory. Fix the stack (wsdeploy validate says how) or pass --state-dir DIR.",
			diags.Errs()[0], statedir.EnvStateDir))
		return ""
	}
	for _, p := range stack.Providers {
		if p.Name == local.Name {
			return local.DecodeSettings(p.Settings).StateDir
		}
	}
	return ""
}

// writesStateDir tells whether a provider "local" block of the stack in dir
// has a state_dir attribute; a directory without *.hcl files has none.
func writesStateDir(dir string) bool {
	for _, b := range providerBlocks(dir) {
		if b.Labels[0] == local.Name && b.Body.Attributes["state_dir"] != nil {
			return true
		}
	}
	return false
}
