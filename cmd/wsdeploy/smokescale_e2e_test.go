package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scaleStack is n functions running the echo-go example, each smoke-tested.
func scaleStack(n int) string {
	var b strings.Builder
	b.WriteString("stack = \"smoke-scale\"\n")
	for i := range n {
		fmt.Fprintf(&b, `
function "fn%02d" {
  code    = "./src"
  timeout = 600
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    timeout = "30s"
  }
}
`, i)
	}
	return b.String()
}

// apply smoke-tests a stack of more functions than the gateway's instance
// limit, and every check passes: the CLI bounds the checks by the limit
// it reads from gateway.json, and the gateway, like FC, lets an idle
// instance give way to a new one. Before, the first 5 checks' idle
// instances held the limit and the other 15 ended unreachable (exit 4).
func TestE2ESmokeMoreFunctionsThanTheInstanceLimit(t *testing.T) {
	const functions = 20
	stack, env := smokeEnv(t, "--propagation-delay=1s", "--max-instances=5")
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(scaleStack(functions)), 0o644)

	r := runBinaryEnv(t, env, stack, "", "apply", "-auto-approve", "-smoke-parallelism", "0")
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, "-smoke-parallelism 0") {
		t.Errorf("-smoke-parallelism 0:\n%s", r.stderr)
	}

	r = runBinaryEnv(t, env, stack, "", "apply", "-auto-approve")
	noStackTrace(t, r)
	r.expect(t, exitOK)
	if want := fmt.Sprintf("Smoke test passed! %d functions answered.", functions); !strings.Contains(r.stdout, want) {
		t.Errorf("apply: want %q:\nstdout %s\nstderr %s", want, r.stdout, r.stderr)
	}
}
