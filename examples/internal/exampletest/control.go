package exampletest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// info is the running gateway's gateway.json: where it listens and how it
// runs instances.
type info struct {
	ControlAddress string `json:"control_address"`
	Isolation      string `json:"isolation"` // "sandbox" or "process"
	DomainAddress  string `json:"domain_http_address"`
	DomainTLS      string `json:"domain_https_address"`
	CACertificate  string `json:"ca_certificate"`
}

func (g *Gateway) info(t testing.TB) info {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(g.StateDir, "gateway.json"))
	if err != nil {
		t.Fatal(err)
	}
	var i info
	if err := json.Unmarshal(b, &i); err != nil || i.ControlAddress == "" {
		t.Fatalf("gateway.json: %v %q", err, b)
	}
	return i
}

// ControlAddress is host:port of the gateway's control API (FC's API), from
// its gateway.json.
func (g *Gateway) ControlAddress(t testing.TB) string {
	t.Helper()
	return g.info(t).ControlAddress
}

// Domains says where the gateway serves custom domains: host:port of its
// plain and TLS listeners, and the path of its local CA's certificate.
func (g *Gateway) Domains(t testing.TB) (http, https, caFile string) {
	t.Helper()
	i := g.info(t)
	if i.DomainAddress == "" || i.DomainTLS == "" || i.CACertificate == "" {
		t.Fatalf("gateway.json names no custom domain listeners or CA: %+v", i)
	}
	return i.DomainAddress, i.DomainTLS, i.CACertificate
}

// AliyunEnv is the environment that makes the aliyun provider sign its
// requests with the gateway's key pair (its credentials file), as it would
// with an Alibaba Cloud AccessKey.
func (g *Gateway) AliyunEnv(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(g.StateDir, "credentials"))
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			keys[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if keys["access_key_id"] == "" || keys["access_key_secret"] == "" {
		t.Fatalf("no key pair in the gateway's credentials file")
	}
	return []string{
		"ALIBABA_CLOUD_ACCESS_KEY_ID=" + keys["access_key_id"],
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + keys["access_key_secret"],
		"ALIBABA_CLOUD_SECURITY_TOKEN=",
		"ALIBABA_CLOUD_PROFILE=",
	}
}
