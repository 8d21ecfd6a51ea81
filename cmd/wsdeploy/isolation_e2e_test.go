package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// A gateway that cannot build sandboxes falls back to the process mode
// and says so once: what differs from FC, why, what to do about it, and
// how to choose the process mode. It runs in a user namespace of its own
// whose max_user_namespaces is 0 (a limit of that namespace only), so the
// sandbox's own user namespace is refused with ENOSPC, as on a host whose
// user.max_user_namespaces is 0.
func TestE2EGatewayFallbackSaysWhyAndWhatToDo(t *testing.T) {
	bin := binary(t)
	dir := filepath.Join(t.TempDir(), "gw")
	cmd := exec.Command("sh", "-c", `echo 0 > /proc/sys/user/max_user_namespaces && exec "$0" "$@"`,
		bin, "gateway", "--detach", "--state-dir", dir, "--propagation-delay", "0s")
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}},
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WSDEPLOY_ISOLATION=") { // the automatic choice, even in make test's process-mode run
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Skipf("no user namespace to run the gateway in (%v): this host falls back without one", err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("gateway --detach in a user namespace without room for more: %v\n%s", err, out.String())
	}
	info, err := statedir.ReadInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(info.PID, syscall.SIGKILL) })
	if info.Isolation != "process" {
		t.Errorf("gateway.json says isolation %q, want process", info.Isolation)
	}

	log, err := os.ReadFile(filepath.Join(dir, statedir.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(log), "no sandboxes here"); n != 1 {
		t.Errorf("the fallback is said %d times, want once:\n%s", n, log)
	}
	for _, want := range []string{
		"not 9000",                            // what differs from FC
		"no space left on device",             // why
		"sysctl -w user.max_user_namespaces=", // what to do
		"--isolation process",                 // how to choose the mode
		"WSDEPLOY_ISOLATION=process",
	} {
		if !strings.Contains(string(log), want) {
			t.Errorf("gateway.log lacks %q:\n%s", want, log)
		}
	}

	r := runBinary(t, ".", "", "gateway", "status", "--state-dir", dir)
	r.expect(t, exitOK)
	if !strings.Contains(r.stdout, "isolation:   process (") {
		t.Errorf("gateway status does not say the process mode runs:\n%s", r.stdout)
	}
	runBinary(t, ".", "", "gateway", "stop", "--state-dir", dir).expect(t, exitOK)
}
