package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/daemon"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// deployStack is a stack whose function is a shell script, so deploys are
// fast; its description comes from a variable so tests can change it.
const deployStack = `
stack = "e2e"

variable "note" {
  default = "first"
}

variable "token" {
  default   = "s3cr3t-t0ken-value"
  sensitive = true
}

function "sleeper" {
  code        = "./src"
  description = var.note
  timeout     = 600
  environment = { TOKEN = var.token }
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    enabled = false
  }
}

output "url" {
  value = function.sleeper.http_trigger.ws.url
}
`

// deployEnv starts a gateway with no propagation delay on a fresh state
// directory and returns the stack directory and the environment that
// points wsdeploy at that gateway.
func deployEnv(t *testing.T, gatewayArgs ...string) (string, []string) {
	t.Helper()
	stack, gw, env := newDeployStack(t)
	r := runBinaryEnv(t, env, ".", "", append([]string{"gateway", "--detach", "--propagation-delay=0s"}, gatewayArgs...)...)
	r.expect(t, exitOK)
	t.Cleanup(func() { daemon.Stop(context.Background(), gw) })
	return stack, env
}

// newDeployStack writes deployStack in a fresh directory and returns it,
// a state directory for a gateway (not started) and the environment that
// points wsdeploy at it.
func newDeployStack(t *testing.T) (stack, gw string, env []string) {
	t.Helper()
	root := t.TempDir()
	stack = filepath.Join(root, "stack")
	os.MkdirAll(filepath.Join(stack, "src"), 0o755)
	os.WriteFile(filepath.Join(stack, "src", "bootstrap"), []byte("#!/bin/sh\nexec sleep 1000\n"), 0o755)
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(deployStack), 0o644)
	gw = filepath.Join(root, "gw")
	return stack, gw, []string{statedir.EnvStateDir + "=" + gw}
}

func TestE2EPlanApplyDestroy(t *testing.T) {
	stack, env := deployEnv(t)
	run := func(code int, args ...string) result {
		t.Helper()
		r := runBinaryEnv(t, env, stack, "", args...)
		noStackTrace(t, r)
		r.expect(t, code)
		for _, out := range []string{r.stdout, r.stderr} {
			if strings.Contains(out, "s3cr3t-t0ken-value") {
				t.Fatalf("a sensitive value was printed by %q:\n%s", args, out)
			}
		}
		return r
	}

	r := run(exitChanges, "plan", "-detailed-exitcode")
	if !containsAll(r.stdout, "+ function \"sleeper\"", "+ http_trigger \"ws\"", "(sensitive value)", "Plan: 2 to add, 0 to change, 0 to destroy.") {
		t.Errorf("plan:\n%s", r.stdout)
	}
	r = run(exitError, "apply")
	if !strings.Contains(r.stderr, "-auto-approve") {
		t.Errorf("apply without a terminal: %q", r.stderr)
	}
	run(exitChanges, "plan", "-detailed-exitcode") // nothing was applied

	planFile := filepath.Join(t.TempDir(), "plan.out")
	run(exitOK, "plan", "-out", planFile)
	r = run(exitOK, "apply", planFile)
	if !containsAll(r.stdout, "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.", `url = "http://127.0.0.1:`) {
		t.Errorf("apply:\n%s", r.stdout)
	}
	r = run(exitOK, "plan", "-detailed-exitcode")
	if !strings.Contains(r.stdout, "No changes.") {
		t.Errorf("second plan:\n%s", r.stdout)
	}

	// A saved plan goes stale when the remote side changes.
	run(exitOK, "plan", "-out", planFile, "-var", "note=second")
	run(exitOK, "apply", "-auto-approve", "-var", "note=third")
	r = run(exitError, "apply", "-var", "note=second", planFile)
	if !strings.Contains(r.stderr, "plan") {
		t.Errorf("stale plan: %q", r.stderr)
	}

	r = run(exitOK, "-json", "apply", "-auto-approve", "-var", "note=fourth")
	types := strings.Join(eventTypes(jsonEvents(t, r.stdout)), " ")
	if !containsAll(types, "version", "planned_change", "change_summary", "apply_start", "apply_complete", "outputs") {
		t.Errorf("apply -json events: %s", types)
	}

	r = run(exitOK, "destroy", "-auto-approve")
	if !strings.Contains(r.stdout, "2 destroyed") {
		t.Errorf("destroy:\n%s", r.stdout)
	}
	run(exitChanges, "plan", "-detailed-exitcode")
}

// With the gateway failing 30% of control API calls (503), apply still
// converges: the next plan is empty and nothing was created twice.
func TestE2EApplyConvergesUnderFaults(t *testing.T) {
	stack, env := deployEnv(t, "--inject-faults=control=503:0.3,seed=11")
	for i := range 3 {
		// Each stack gets more functions, so creates, updates and a
		// delete all meet faults.
		var extra strings.Builder
		for j := range 4 + i {
			fmt.Fprintf(&extra, "function \"f%d\" {\n  code = \"./src\"\n  timeout = %d\n  http_trigger \"ws\" {\n    auth_type = \"anonymous\"\n  }\n  smoke {\n    enabled = false\n  }\n}\n", j, 60+i)
		}
		os.WriteFile(filepath.Join(stack, "more.hcl"), []byte(extra.String()), 0o644)
		r := runBinaryEnv(t, env, stack, "", "apply", "-auto-approve")
		noStackTrace(t, r)
		r.expect(t, exitOK)
		r = runBinaryEnv(t, env, stack, "", "plan", "-detailed-exitcode")
		r.expect(t, exitOK)
	}
	os.Remove(filepath.Join(stack, "more.hcl"))
	runBinaryEnv(t, env, stack, "", "apply", "-auto-approve").expect(t, exitOK)
	r := runBinaryEnv(t, env, stack, "", "-json", "plan", "-detailed-exitcode")
	r.expect(t, exitOK)
}
