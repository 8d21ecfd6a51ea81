package local

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/daemon"
)

// The provider tells clients where the gateway's custom domains answer:
// the listeners of gateway.json (chosen with the gateway's flags) and the
// local CA's certificate.
func TestInfoDomains(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "gw")
	t.Cleanup(func() { daemon.Stop(context.Background(), dir) })
	p, gw, err := New(ctx, Settings{StateDir: dir, Executable: wsdeployBin,
		GatewayArgs: []string{"--domain-listen=127.0.0.1:0", "--domain-tls-listen=127.0.0.1:0"}})
	if err != nil {
		t.Fatal(err)
	}
	d := p.Info().Domains
	if d == nil || d.HTTP != gw.DomainAddress || d.HTTPS != gw.DomainTLSAddress || d.HTTP == "" || d.HTTPS == "" {
		t.Fatalf("Info().Domains %+v; gateway.json %+v", d, gw.Info)
	}
	ca, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if err != nil || !bytes.Equal(ca, d.CACertificate) || gw.CACertificate != filepath.Join(dir, "ca.pem") {
		t.Fatalf("CA certificate %q, %v; gateway.json names %q", d.CACertificate, err, gw.CACertificate)
	}
	// What answers there is the gateway's domain listener.
	req, _ := http.NewRequest("GET", "http://"+d.HTTP+"/ws", nil)
	req.Host = "unknown.example.test"
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("X-Fc-Error-Type") == "" {
		t.Errorf("unknown host at the domain listener: %d %v", resp.StatusCode, resp.Header)
	}
}
