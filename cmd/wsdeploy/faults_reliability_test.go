package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With the gateway answering 429 (Throttling) or 500 to 30% of control API
// calls, apply still converges through creates, updates and deletes, each
// function is created once (TestE2EApplyConvergesUnderFaults does 503).
func TestE2EApplyConvergesUnderThrottlingAndErrors(t *testing.T) {
	for _, status := range []int{429, 500} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel() // each mostly waits out backoffs
			stack, env := deployEnv(t, fmt.Sprintf("--inject-faults=control=%d:0.3,seed=%d", status, status))
			c := sdkClient(t, strings.TrimPrefix(env[0], "WSDEPLOY_GATEWAY_STATE_DIR="))
			var ids map[string]remoteFunction
			for gen, n := range []int{6, 6, 3} { // create, update, delete
				var b strings.Builder
				for j := range n {
					fmt.Fprintf(&b, "function \"f%d\" {\n  code = \"./src\"\n  timeout = %d\n  http_trigger \"ws\" {\n    auth_type = \"anonymous\"\n  }\n  smoke {\n    enabled = false\n  }\n}\n", j, 60+gen)
				}
				os.WriteFile(filepath.Join(stack, "more.hcl"), []byte(b.String()), 0o644)
				r := runBinaryEnv(t, env, stack, "", "apply", "-auto-approve")
				noStackTrace(t, r)
				r.expect(t, exitOK)
				runBinaryEnv(t, env, stack, "", "plan", "-detailed-exitcode").expect(t, exitOK)
				now := remoteState(t, c)
				if len(now) != n+1 { // and the stack's sleeper
					t.Fatalf("generation %d: %d functions on the gateway, want %d", gen, len(now), n+1)
				}
				for name, f := range now {
					if was, ok := ids[name]; ok && was.id != f.id {
						t.Errorf("generation %d: %s was created again", gen, name)
					}
				}
				ids = now
			}
		})
	}
}
