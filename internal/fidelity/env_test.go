package fidelity_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/fidelity"
)

func TestLiveFromEnv(t *testing.T) {
	all := map[string]string{fidelity.EnvLive: "1", fidelity.EnvKeyID: "id", fidelity.EnvKeySecret: "s3cr3t-value", fidelity.EnvRegion: "cn-hangzhou"}
	without := func(keys ...string) func(string) string {
		return func(k string) string {
			if slices.Contains(keys, k) {
				return ""
			}
			return all[k]
		}
	}
	if _, live, err := fidelity.LiveFromEnv(without(fidelity.EnvLive)); live || err != nil {
		t.Errorf("without %s: live %v, err %v; want the gateway", fidelity.EnvLive, live, err)
	}
	cfg, live, err := fidelity.LiveFromEnv(without())
	if !live || err != nil || cfg.Region != "cn-hangzhou" || cfg.KeyID != "id" || cfg.KeySecret != "s3cr3t-value" {
		t.Errorf("with everything: %v %v %v", cfg.Region, live, err)
	}
	for _, missing := range [][]string{{fidelity.EnvRegion}, fidelity.Required} {
		_, live, err := fidelity.LiveFromEnv(without(missing...))
		if !live || err == nil {
			t.Fatalf("without %v: live %v, err %v; want an error", missing, live, err)
		}
		for _, k := range fidelity.Required {
			named := strings.Contains(strings.SplitN(err.Error(), ": set", 2)[0], k)
			if named != slices.Contains(missing, k) {
				t.Errorf("without %v the message names %s as missing: %v; message: %v", missing, k, named, err)
			}
		}
		if strings.Contains(err.Error(), "s3cr3t-value") {
			t.Errorf("the message shows a secret: %v", err)
		}
	}
}

// With WSDEPLOY_LIVE=1 and nothing else, a live-capable test fails (it
// does not quietly run against the gateway), saying what it needs.
func TestLiveWithoutCredentialsFails(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestRemoveHealthCheck$", "-test.count=1")
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k != fidelity.EnvLive && !slices.Contains(fidelity.Required, k) && k != fidelity.EnvToken {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, fidelity.EnvLive+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the test passed without credentials:\n%s", out)
	}
	for _, k := range fidelity.Required {
		if !strings.Contains(string(out), k) {
			t.Errorf("the failure does not name %s:\n%s", k, out)
		}
	}
}
