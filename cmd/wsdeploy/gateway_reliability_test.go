package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// `wsdeploy gateway --listen` beyond loopback warns on stderr before it
// binds. 192.0.2.1 (TEST-NET-1) is on no interface, so the bind then fails
// and nothing ever listens beyond loopback.
func TestE2EGatewayWarnsBeyondLoopback(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gw")
	r := runBinary(t, ".", "", "gateway", "--state-dir", dir, "--listen", "192.0.2.1:0")
	noStackTrace(t, r)
	r.expect(t, exitError)
	if !containsAll(r.stderr, "level=WARN", "the gateway listens beyond this machine", "listen=192.0.2.1:0", "cannot listen on 192.0.2.1:0") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if strings.Index(r.stderr, "beyond this machine") > strings.Index(r.stderr, "cannot listen") {
		t.Errorf("the warning came after the failure:\n%s", r.stderr)
	}
}
