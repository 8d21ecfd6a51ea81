package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/lock"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/plugins/host"
)

// gwPlugin serves the bundled local provider as a plugin (the kit's tests
// use the same one).
var gwPlugin = &testBinary{pkg: "../../internal/plugintestlocal/testdata/localplugin", name: "gwplugin"}

// throughPlugin makes the stack in dir deploy through the provider plugin
// "gw" (gwPlugin) on the gateway of env, and returns env with the plugin
// directory.
func throughPlugin(t *testing.T, dir string, env []string) []string {
	t.Helper()
	plugins := linkPlugins(t, gwPlugin.get(t), "gw")
	main := filepath.Join(dir, "main.hcl")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	gw := strings.TrimPrefix(env[0], statedir.EnvStateDir+"=")
	block := fmt.Sprintf("provider \"gw\" {\n  state_dir = %q\n}\n", gw)
	if err := os.WriteFile(main, append([]byte(block), src...), 0o644); err != nil {
		t.Fatal(err)
	}
	return append(env, host.EnvPluginDir+"="+plugins)
}

// Two applies through a provider plugin contend for the stack's lock,
// which the plugin holds on the gateway (protocol 1.2): while a third run
// holds it, an apply without -lock-timeout fails at once naming the
// holder, as it does on a built-in provider; two with -lock-timeout wait,
// then run one after the other: one creates, the other updates, neither
// reports the other's work, and the last one's configuration stays.
func TestE2EPluginAppliesContendForTheLock(t *testing.T) {
	stack, env := deployEnv(t)
	env = throughPlugin(t, stack, env)
	held, err := lock.Acquire(context.Background(), gatewayLocker(t, env), "e2e", "apply", lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := held.Info
	r := runBinaryEnv(t, env, stack, "", "apply", "-auto-approve")
	noStackTrace(t, r)
	r.expect(t, exitError)
	if !containsAll(r.stderr, "ID "+h.ID, h.Who, fmt.Sprintf("pid %d", h.PID), "apply by", h.Created.Format(time.RFC3339), "wsdeploy force-unlock "+h.ID) ||
		strings.Contains(r.stderr, "has no locks") {
		t.Errorf("apply through the plugin while locked says:\n%s", r.stderr)
	}

	appliesWaitForTheLock(t, stack, env, held)
}

// wsdeploy status through a provider plugin (the block is provider "gw",
// so nothing but the plugin serves it) shows what it shows on the
// built-in provider (protocol 1.2): the function's state and last update,
// and with a WebSocket connection open, the instance that carries it.
func TestE2EPluginStatusShowsInstances(t *testing.T) {
	stack, env := smokeEnv(t)
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(statusStack), 0o644)
	env = throughPlugin(t, stack, env)
	runBinaryEnv(t, env, stack, "", "apply", "-auto-approve").expect(t, exitOK)

	f := oneFunctionStatus(t, env, stack)
	if !f.Deployed || f.State != "Active" || f.LastUpdateStatus != "Successful" || f.InstancesUnknown != "" ||
		f.Instances == nil || len(f.Instances) != 0 || len(f.Triggers) != 1 {
		t.Fatalf("after apply through the plugin: %+v", f)
	}

	defer echoOpen(t, f.Triggers[0].URL).CloseNow()
	f = oneFunctionStatus(t, env, stack)
	if len(f.Instances) != 1 || f.Instances[0].ID == "" || f.Instances[0].Connections == nil || *f.Instances[0].Connections != 1 {
		t.Errorf("with a connection open, through the plugin: %+v", f.Instances)
	}
	r := runBinaryEnv(t, env, stack, "", "status")
	r.expect(t, exitOK)
	if !containsAll(r.stdout, "state:        Active, last update Successful", "instances:    1 instance, 1 connection") {
		t.Errorf("with a connection open, through the plugin:\n%s", r.stdout)
	}
}
