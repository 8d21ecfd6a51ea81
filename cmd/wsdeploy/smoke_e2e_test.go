package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const smokeStack = `
stack = "smoke-e2e"

variable "expect" {
  default = "hi"
}

variable "smoke_timeout" {
  default = "60s"
}

function "echo" {
  code    = "./src"
  timeout = 600
  http_trigger "ws" {
    auth_type = "function"
  }
  smoke {
    send    = "hi"
    expect  = var.expect
    timeout = var.smoke_timeout
  }
}
`

// smokeEnv is deployEnv with the echo-go example's server as the function.
func smokeEnv(t *testing.T, gatewayArgs ...string) (string, []string) {
	t.Helper()
	stack, env := deployEnv(t, gatewayArgs...)
	os.Remove(filepath.Join(stack, "src", "bootstrap")) // deployEnv's shell script
	out, err := exec.Command("go", "build", "-o", filepath.Join(stack, "src", "bootstrap"), "../../examples/echo-go/server").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(smokeStack), 0o644)
	return stack, env
}

// apply smoke-tests what it deployed (a signed handshake: authType
// function); `wsdeploy smoke` exits 3 when the reply is wrong.
func TestE2ESmokeAfterApplyAndOnDemand(t *testing.T) {
	stack, env := smokeEnv(t, "--propagation-delay=1s")
	r := runBinaryEnv(t, env, stack, "", "apply", "-auto-approve")
	noStackTrace(t, r)
	r.expect(t, exitOK)
	if !containsAll(r.stdout, "✓ function.echo", "Smoke test passed!") {
		t.Errorf("apply:\n%s", r.stdout)
	}
	r = runBinaryEnv(t, env, stack, "", "-json", "smoke")
	r.expect(t, exitOK)
	if types := strings.Join(eventTypes(jsonEvents(t, r.stdout)), " "); !containsAll(types, "smoke_result", "smoke_summary") {
		t.Errorf("smoke -json: %s", types)
	}
	r = runBinaryEnv(t, env, stack, "", "smoke", "-var", "expect=nope")
	r.expect(t, exitSmokeFailed)
	if !containsAll(r.stdout+r.stderr, "✗ function.echo", `"hi"`) {
		t.Errorf("wrong expect:\nstdout %s\nstderr %s", r.stdout, r.stderr)
	}
	r = runBinaryEnv(t, env, stack, "", "smoke", "nosuch")
	r.expect(t, exitError)
}

// A trigger that never propagates before the smoke deadline exits 4.
func TestE2ESmokeUnreachable(t *testing.T) {
	stack, env := smokeEnv(t, "--propagation-delay=1h")
	r := runBinaryEnv(t, env, stack, "", "apply", "-auto-approve", "-var", "smoke_timeout=1s")
	noStackTrace(t, r)
	r.expect(t, exitUnreachable)
	if !strings.Contains(r.stdout+r.stderr, "✗ function.echo") {
		t.Errorf("unreachable:\nstdout %s\nstderr %s", r.stdout, r.stderr)
	}
}
