package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// The gateway's lifecycle as a user drives it: start detached, status,
// billing and logs on an empty gateway, stop, status again.
func TestGatewayDetachedLifecycle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gw")
	r := runBinary(t, ".", "", "gateway", "--detach", "--state-dir", dir, "--propagation-delay", "0s")
	r.expect(t, exitOK)
	info, err := statedir.ReadInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(info.PID, syscall.SIGKILL) })
	// make test's process-mode pass (PROCESS_MODE_TESTS) runs what it says.
	if mode := os.Getenv("WSDEPLOY_ISOLATION"); mode != "" && info.Isolation != mode {
		t.Errorf("WSDEPLOY_ISOLATION=%s, yet the gateway runs in %q mode", mode, info.Isolation)
	}
	if !strings.Contains(r.stdout, "Started local gateway (pid "+strconv.Itoa(info.PID)+")") ||
		!strings.Contains(r.stdout, info.ControlAddress) || !strings.Contains(r.stdout, "wsdeploy gateway stop") {
		t.Errorf("detach output:\n%s", r.stdout)
	}
	log, _ := os.ReadFile(filepath.Join(dir, statedir.LogFile))
	if strings.Contains(string(log), "Ctrl-C") || !strings.Contains(string(log), "gateway ready") {
		t.Errorf("gateway.log:\n%s", log)
	}

	r = runBinary(t, ".", "", "-json", "gateway", "status", "--state-dir", dir)
	r.expect(t, exitOK)
	evs := jsonEvents(t, r.stdout)
	if evs[1]["type"] != "gateway_status" || evs[1]["running"] != true {
		t.Errorf("status events: %v", evs)
	}
	r = runBinary(t, ".", "", "billing", "--state-dir", dir)
	r.expect(t, exitOK)
	if !strings.Contains(r.stdout, "Nothing metered yet") {
		t.Errorf("billing: %q", r.stdout)
	}
	r = runBinary(t, ".", "", "logs", "--state-dir", dir, "chat")
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, `function "chat" has no logs`) {
		t.Errorf("logs: %q", r.stderr)
	}
	r = runBinary(t, ".", "", "gateway", "--detach", "--state-dir", dir)
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, "another gateway already uses the state directory") {
		t.Errorf("second detach: %q", r.stderr)
	}

	r = runBinary(t, ".", "", "gateway", "stop", "--state-dir", dir)
	r.expect(t, exitOK)
	if !strings.Contains(r.stdout, "Stopped the local gateway (pid "+strconv.Itoa(info.PID)+")") {
		t.Errorf("stop: %q", r.stdout)
	}
	if err := syscall.Kill(info.PID, 0); err == nil {
		// A process started by another may linger as a zombie; its lock is gone.
		if l, err := statedir.Acquire(dir); err != nil {
			t.Errorf("gateway still holds its state directory after stop: %v", err)
		} else {
			l.Release()
		}
	}
	r = runBinary(t, ".", "", "gateway", "status", "--state-dir", dir)
	r.expect(t, exitError)
	if !strings.Contains(r.stdout, "No local gateway is running") {
		t.Errorf("status after stop: %q", r.stdout)
	}
	r = runBinary(t, ".", "", "gateway", "stop", "--state-dir", dir)
	r.expect(t, exitOK)
	if !strings.Contains(r.stdout, "No local gateway was running") {
		t.Errorf("second stop: %q", r.stdout)
	}
}

// A foreground gateway prints where it listens and exits cleanly on SIGTERM.
func TestGatewayForegroundSignal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gw")
	cmd := exec.Command(binary(t), "-json", "gateway", "--state-dir", dir, "--listen", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	var ready map[string]any
	for sc.Scan() {
		var ev map[string]any
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev["type"] == "gateway_ready" {
			ready = ev
			break
		}
	}
	if ready == nil {
		t.Fatal("no gateway_ready event")
	}
	gw := ready["gateway"].(map[string]any)
	if gw["pid"].(float64) != float64(cmd.Process.Pid) || !strings.HasPrefix(gw["control_address"].(string), "127.0.0.1:") {
		t.Errorf("ready event %v", ready)
	}
	if _, err := statedir.Running(dir); err != nil {
		t.Fatalf("gateway.json: %v", err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("gateway did not stop on SIGTERM")
	}
	if _, err := os.Stat(filepath.Join(dir, statedir.InfoFile)); !os.IsNotExist(err) {
		t.Errorf("gateway.json left behind: %v", err)
	}
}
