package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// The data-plane limit flags: help shows the derived connection cap, bad
// values are usage errors that name the flag, and a detached gateway gets
// the values the user set.
func TestGatewayLimitFlags(t *testing.T) {
	r := runCLI(t, "", "gateway", "--help")
	r.expect(t, exitOK)
	for _, want := range []string{"--max-connections", "(default: " + strconv.Itoa(dataplane.DefaultMaxConnections()) + ", from the open-file limit)",
		"--max-trigger-connections", "--body-timeout", "--body-memory-mib", "--body-spool-mib"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("gateway --help lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, arg := range []string{"--max-connections=-1", "--max-trigger-connections=-5", "--body-memory-mib=-1", "--body-spool-mib=-1", "--body-timeout=-1s"} {
		r := runCLI(t, "", "gateway", "--state-dir", t.TempDir(), arg)
		r.expect(t, exitError)
		if name, _, _ := strings.Cut(arg, "="); !strings.Contains(r.stderr, name+" -") || !strings.Contains(r.stderr, "0 takes the default") {
			t.Errorf("%s: %q, want an error naming the flag", arg, r.stderr)
		}
	}

	dir := filepath.Join(t.TempDir(), "gw")
	runBinary(t, ".", "", "gateway", "--detach", "--state-dir", dir, "--max-connections=7", "--max-trigger-connections=3",
		"--body-timeout=30s", "--body-memory-mib=1", "--body-spool-mib=8").expect(t, exitOK)
	info, err := statedir.ReadInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(info.PID, syscall.SIGKILL) })
	log, _ := os.ReadFile(filepath.Join(dir, statedir.LogFile))
	if !strings.Contains(string(log), "max_connections=7") {
		t.Errorf("gateway.log does not show --max-connections=7:\n%s", log)
	}
	runBinary(t, ".", "", "gateway", "stop", "--state-dir", dir).expect(t, exitOK)
}
