package server

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// A real gateway proves who it is to a client holding its state
// directory's key, unsigned; the endpoint takes nothing but a hex nonce
// and never shows the key.
func TestGatewayProvesItsIdentity(t *testing.T) {
	dir := t.TempDir()
	g := startGateway(t, dir, nil)
	info, err := statedir.Running(dir)
	if err != nil || info.PID != os.Getpid() || info.ControlAddress != g.Info().ControlAddress {
		t.Fatalf("Running = %+v, %v", info, err)
	}
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	id, err := statedir.Identify(context.Background(), info.ControlAddress, cred)
	if err != nil || id.PID != os.Getpid() || id.ControlAddress != info.ControlAddress {
		t.Fatalf("Identify = %+v, %v", id, err)
	}

	base := "http://" + info.ControlAddress + statedir.IdentityPath
	nonce := strings.Repeat("ab", 16)
	for _, q := range []string{"", "?nonce=", "?nonce=xyz", "?nonce=" + strings.Repeat("A", 32),
		"?nonce=" + nonce + "&nonce=" + nonce, "?nonce=" + nonce + "&x-acs-date=1"} {
		resp, err := http.Get(base + q)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "nonce") {
			t.Errorf("%q: %s %q", q, resp.Status, body)
		}
	}
	resp, err := http.Get(base + "?nonce=" + nonce)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.Contains(string(body), cred.AccessKeySecret) {
		t.Errorf("answer %s %q", resp.Status, body)
	}
	resp, err = http.Post(base+"?nonce="+nonce, "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Errorf("POST answered %s", resp.Status)
	}
}
