package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/daemon"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir/statedirtest"
)

// staleStateDir gives gw a key pair and a gateway.json naming pid and
// address, as a gateway that is gone would have left it.
func staleStateDir(t *testing.T, gw string, pid int, address string) string {
	t.Helper()
	if err := statedir.Ensure(gw); err != nil {
		t.Fatal(err)
	}
	cred, err := statedir.LoadOrCreateCredentials(gw)
	if err != nil {
		t.Fatal(err)
	}
	if err := statedir.WriteInfo(gw, statedir.Info{PID: pid, ControlAddress: address, Region: "cn-hangzhou"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { daemon.Stop(context.Background(), gw) }) // whatever apply started
	return cred.AccessKeySecret
}

// gateway.json names a live process (the test's own `sleep`) and a port
// where another program listens and records every byte: plan, smoke,
// billing and gateway status say it is stale and send it nothing but an
// unsigned identity challenge (no Authorization, no x-acs-*, no body, no
// secret); apply starts a real gateway, says so, and deploys through it;
// gateway stop stops that one and signals no stranger.
func TestE2EStaleGatewayJSONGetsNothing(t *testing.T) {
	stack, gw, env := newDeployStack(t)
	s := statedirtest.Start(t)
	secret := staleStateDir(t, gw, s.PID, s.Addr)
	run := func(code int, args ...string) result {
		t.Helper()
		r := runBinaryEnv(t, env, stack, "", args...)
		noStackTrace(t, r)
		if r.code != code {
			t.Errorf("wsdeploy %q: exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", args, r.code, code, r.stdout, r.stderr)
		}
		return r
	}
	stale := []string{"gateway.json is stale", "pid " + strconv.Itoa(s.PID), s.Addr, gw}

	r := run(exitError, "plan")
	if !containsAll(r.stderr, append(stale, "wsdeploy gateway --detach --state-dir "+gw, "plan changes nothing, so it does not start a gateway")...) {
		t.Errorf("plan:\n%s", r.stderr)
	}
	run(exitError, "smoke")
	if r := run(exitError, "billing"); !containsAll(r.stderr, stale...) {
		t.Errorf("billing:\n%s", r.stderr)
	}
	if r := run(exitError, "gateway", "status"); !containsAll(r.stdout+r.stderr, append(stale, "No local gateway is running")...) {
		t.Errorf("status:\n%s%s", r.stdout, r.stderr)
	}
	r = run(exitOK, "apply", "-auto-approve")
	if !containsAll(r.stderr, "was stale", "started a new gateway (pid", "wsdeploy gateway stop") || !strings.Contains(r.stdout, "Apply complete!") {
		t.Errorf("apply:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	s.CheckUntrusted(t, statedir.IdentityPath, secret, "s3cr3t-t0ken-value")
	t.Logf("the stranger received %d requests", len(s.Requests()))
	if t.Failed() {
		t.FailNow()
	}

	// The gateway apply started is trusted, and it is the one deployed to.
	info, err := statedir.Running(gw)
	if err != nil || info.PID == s.PID || info.ControlAddress == s.Addr {
		t.Fatalf("after apply: %+v, %v", info, err)
	}
	run(exitOK, "plan", "-detailed-exitcode")
	if r := run(exitOK, "gateway", "stop"); !strings.Contains(r.stdout, "Stopped the local gateway (pid "+strconv.Itoa(info.PID)) {
		t.Errorf("stop:\n%s", r.stdout)
	}

	// gateway stop signals no stranger.
	staleStateDir(t, gw, s.PID, s.Addr)
	r = run(exitOK, "gateway", "stop")
	if strings.Contains(r.stdout, "Stopped") || !containsAll(r.stdout+r.stderr, append(stale, "No local gateway was running")...) {
		t.Errorf("stop:\n%s%s", r.stdout, r.stderr)
	}
	if !s.Alive() {
		t.Error("the stranger's process was killed")
	}
	s.CheckUntrusted(t, statedir.IdentityPath, secret)
}

// With gateway.json naming a dead pid, plan (and smoke) fail, saying how
// to start a gateway, and start none; apply starts one and says so, in
// the -json stream too.
func TestE2EPlanNeverStartsAGateway(t *testing.T) {
	stack, gw, env := newDeployStack(t)
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	staleStateDir(t, gw, gone.Process.Pid, "127.0.0.1:1")
	for _, args := range [][]string{{"plan"}, {"-json", "plan"}, {"smoke"}} {
		r := runBinaryEnv(t, env, stack, "", args...)
		noStackTrace(t, r)
		r.expect(t, exitError)
		if !containsAll(r.stdout+r.stderr, "no local gateway is running for "+gw, "wsdeploy gateway --detach --state-dir "+gw, "does not start a gateway") {
			t.Errorf("%q:\nstdout:\n%s\nstderr:\n%s", args, r.stdout, r.stderr)
		}
	}
	l, err := statedir.Acquire(gw)
	if err != nil {
		t.Fatalf("plan started a gateway: %v", err)
	}
	l.Release()
	if info, err := statedir.ReadInfo(gw); err != nil || info.PID != gone.Process.Pid {
		t.Errorf("gateway.json was rewritten: %+v, %v", info, err)
	}
	if _, err := os.Stat(filepath.Join(gw, statedir.LogFile)); !os.IsNotExist(err) {
		t.Errorf("a gateway log exists: %v", err)
	}

	r := runBinaryEnv(t, env, stack, "", "-json", "apply", "-auto-approve")
	r.expect(t, exitOK)
	info, err := statedir.Running(gw)
	if err != nil {
		t.Fatal(err)
	}
	said := false
	for _, ev := range jsonEvents(t, r.stdout) {
		msg, _ := ev["@message"].(string)
		said = said || (ev["type"] == "log" && strings.Contains(msg, "No local gateway was running: started one (pid "+strconv.Itoa(info.PID)))
	}
	if !said {
		t.Errorf("apply -json does not say it started a gateway:\n%s", r.stdout)
	}
}

// twoProviders declares the local gateway and FC (at a loopback address
// nothing answers, with explicit keys, so nothing leaves the machine).
const twoProviders = `
provider "local" {}
provider "aliyun" {
  region            = "cn-hangzhou"
  endpoint          = "127.0.0.1:1"
  access_key_id     = "LTAIunusedunused0000"
  access_key_secret = "unused-secret"
}
`

// A saved plan applies with the provider it was made with, even when the
// stack declares several; a -provider that disagrees is refused.
func TestE2EApplySavedPlanUsesItsProvider(t *testing.T) {
	stack, env := deployEnv(t)
	env = append(env, "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true")
	os.WriteFile(filepath.Join(stack, "providers.hcl"), []byte(twoProviders), 0o644)
	planFile := filepath.Join(t.TempDir(), "plan.out")
	runBinaryEnv(t, env, stack, "", "plan", "-provider", "local", "-out", planFile).expect(t, exitOK)

	r := runBinaryEnv(t, env, stack, "", "apply", "-provider", "aliyun", planFile)
	noStackTrace(t, r)
	r.expect(t, exitError)
	if !containsAll(r.stderr, `was made with provider "local"`, `-provider says "aliyun"`, "drop -provider") {
		t.Errorf("disagreeing -provider:\n%s", r.stderr)
	}
	r = runBinaryEnv(t, env, stack, "", "apply", planFile)
	noStackTrace(t, r)
	r.expect(t, exitOK)
	if !strings.Contains(r.stdout, "Apply complete! Resources: 2 added") {
		t.Errorf("apply PLANFILE:\n%s\n%s", r.stdout, r.stderr)
	}
	runBinaryEnv(t, env, stack, "", "apply", "-provider", "local", planFile).expect(t, exitError) // applied: stale now
}
