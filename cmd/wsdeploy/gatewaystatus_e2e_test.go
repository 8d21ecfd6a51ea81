package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// provisionedStack is two echo functions: "kept" with one provisioned
// instance and no smoke test (whose handshake could start an on-demand
// one), "plain" on demand, whose smoke test starts one instance.
const provisionedStack = `
stack = "status-e2e"

function "kept" {
  code    = "./src"
  timeout = 600
  provisioned {
    target = 1
  }
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    enabled = false
  }
}

function "plain" {
  code    = "./src"
  timeout = 600
  http_trigger "ws" {
    auth_type = "anonymous"
  }
}
`

// `gateway status` shows each function's provisioned and on-demand
// instances and its provision target, in both views.
func TestE2EGatewayStatusInstances(t *testing.T) {
	stack, env := smokeEnv(t, "--idle-ttl=1h") // no idle reaping during the test
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(provisionedStack), 0o644)
	r := runBinaryEnv(t, env, stack, "", "apply", "-auto-approve")
	noStackTrace(t, r)
	r.expect(t, exitOK)

	// The provisioned instance starts in the background: wait for it.
	want := map[string][3]float64{"kept": {1, 0, 1}, "plain": {0, 1, 0}} // provisioned, on demand, target
	var got map[string][3]float64
	for end := time.Now().Add(time.Minute); ; {
		r = runBinaryEnv(t, env, stack, "", "-json", "gateway", "status")
		r.expect(t, exitOK)
		got = map[string][3]float64{}
		for _, ev := range jsonEvents(t, r.stdout) {
			fs, _ := ev["functions"].([]any)
			for _, f := range fs {
				m := f.(map[string]any)
				got[m["function"].(string)] = [3]float64{m["provisioned"].(float64), m["on_demand"].(float64), m["provision_target"].(float64)}
			}
		}
		if got["kept"] == want["kept"] || time.Now().After(end) {
			break
		}
		time.Sleep(100 * time.Millisecond) // polls the gateway's state; no timing assumed
	}
	if got["kept"] != want["kept"] || got["plain"] != want["plain"] {
		t.Fatalf("gateway status -json: functions %v, want %v\n%s", got, want, r.stdout)
	}

	r = runBinaryEnv(t, env, stack, "", "gateway", "status")
	r.expect(t, exitOK)
	for _, line := range []string{"FUNCTION  INSTANCES  PROVISIONED  ON DEMAND  PROVISION TARGET", "kept      1          1            0          1", "plain     1          0            1          -"} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf("gateway status lacks %q:\n%s", line, r.stdout)
		}
	}
}
