package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/daemon"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// ownGatewayStack deploys wsfn to the gateway of ../gw, named relative to
// the stack directory as a user would write it.
const ownGatewayStack = `
stack = "own-gateway"

provider "local" {
  state_dir = "../gw"
}

function "app" {
  code    = "./app"
  timeout = 600
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    send   = "hello"
    expect = "hello"
  }
}
`

// From a stack directory whose provider "local" block names its own
// state_dir, gateway status, logs, billing and gateway stop work on that
// gateway without --state-dir, as plan and apply do; the stack's state_dir
// ranks above $WSDEPLOY_GATEWAY_STATE_DIR and below --state-dir; a
// directory without a stack, or a stack that does not load, falls back to
// the default.
func TestE2EGatewayVerbsFindTheStacksGateway(t *testing.T) {
	root := t.TempDir()
	stack, gw, other := filepath.Join(root, "stack"), filepath.Join(root, "gw"), filepath.Join(root, "other")
	os.MkdirAll(filepath.Join(stack, "app"), 0o755)
	writeWsfnCode(t, filepath.Join(stack, "app"))
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(ownGatewayStack), 0o644)
	// An empty default state directory, and no environment variable.
	xdg := filepath.Join(root, "xdg")
	env := []string{statedir.EnvStateDir + "=", "XDG_STATE_HOME=" + xdg}
	// Should a verb miss the stack's gateway, a gateway may start there.
	t.Cleanup(func() { daemon.Stop(context.Background(), filepath.Join(xdg, "wsdeploy", "gateway")) })
	// run reports a wrong exit code without stopping, so that each verb's
	// own failure shows.
	run := func(dir string, code int, env []string, args ...string) result {
		t.Helper()
		r := runBinaryEnv(t, env, dir, "", args...)
		noStackTrace(t, r)
		if r.code != code {
			t.Errorf("wsdeploy %q in %s: exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", args, dir, r.code, code, r.stdout, r.stderr)
		}
		return r
	}
	run(".", exitOK, env, "gateway", "--detach", "--state-dir", gw, "--propagation-delay=0s")
	t.Cleanup(func() { daemon.Stop(context.Background(), gw) })
	info, err := statedir.ReadInfo(gw)
	if err != nil {
		t.Fatal(err)
	}
	if r := run(stack, exitOK, env, "apply", "-auto-approve", "-smoke=all"); r.code != exitOK {
		t.FailNow()
	}

	running := "Local gateway running (pid " + strconv.Itoa(info.PID) + ")"
	if r := run(stack, exitOK, env, "gateway", "status"); !containsAll(r.stdout, running, gw) {
		t.Errorf("gateway status in the stack directory:\n%s", r.stdout)
	}
	if r := run(root, exitOK, env, "-chdir", stack, "gateway", "status"); !strings.Contains(r.stdout, running) {
		t.Errorf("gateway status with -chdir to the stack:\n%s", r.stdout)
	}
	if r := run(stack, exitOK, env, "logs", "app"); !strings.Contains(r.stdout, "listening on") {
		t.Errorf("logs in the stack directory:\n%s", r.stdout)
	}
	if r := run(stack, exitOK, env, "billing"); !strings.Contains(r.stdout, "app") {
		t.Errorf("billing in the stack directory:\n%s", r.stdout)
	}

	// The stack's state_dir ranks above the environment variable, as for
	// plan and apply; --state-dir above both.
	if r := run(stack, exitOK, []string{statedir.EnvStateDir + "=" + other}, "gateway", "status"); !strings.Contains(r.stdout, running) {
		t.Errorf("gateway status with %s set elsewhere:\n%s", statedir.EnvStateDir, r.stdout)
	}
	if r := run(stack, exitError, env, "gateway", "status", "--state-dir", other); !strings.Contains(r.stdout, "No local gateway is running for "+other) {
		t.Errorf("gateway status --state-dir elsewhere:\n%s", r.stdout)
	}
	// A directory without a stack falls back to the default, silently.
	if r := run(root, exitError, env, "gateway", "status"); !strings.Contains(r.stdout, "No local gateway is running") || r.stderr != "" {
		t.Errorf("gateway status outside a stack:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	// A stack that does not load says so and falls back to the environment
	// variable (then the default), so its gateway can still be reached.
	broken := filepath.Join(root, "broken")
	os.MkdirAll(broken, 0o755)
	os.WriteFile(filepath.Join(broken, "provider.hcl"), []byte(`provider "local" { state_dir = "../elsewhere" }`+"\n"), 0o644)
	os.WriteFile(filepath.Join(broken, "main.hcl"), []byte("function \"app\" {\n"), 0o644)
	r := run(broken, exitOK, []string{statedir.EnvStateDir + "=" + gw}, "gateway", "status")
	if !strings.Contains(r.stdout, running) || !containsAll(r.stderr, "does not load", "main.hcl", "--state-dir") {
		t.Errorf("gateway status in a stack that does not load:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}

	if r := run(stack, exitOK, env, "gateway", "stop"); !strings.Contains(r.stdout, "Stopped the local gateway (pid "+strconv.Itoa(info.PID)+")") {
		t.Errorf("gateway stop in the stack directory:\n%s", r.stdout)
	}
	run(".", exitError, env, "gateway", "status", "--state-dir", gw)

	// Started from the stack directory, the gateway is the stack's too.
	run(stack, exitOK, env, "gateway", "--detach", "--propagation-delay=0s")
	if again, err := statedir.ReadInfo(gw); err != nil || again.PID == info.PID {
		t.Errorf("gateway --detach in the stack directory did not start the gateway of %s: %+v, %v", gw, again, err)
	}
	run(stack, exitOK, env, "gateway", "stop")
}
