package localca

import (
	"bytes"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
)

// The CA is created once (key 0600), loaded again as it was, and its
// leaves verify for their host against ca.pem alone, cached per host.
func TestLoadOrCreate(t *testing.T) {
	dir := t.TempDir()
	ca, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", st, err)
	}
	again, err := LoadOrCreate(dir)
	if err != nil || !bytes.Equal(again.CertificatePEM(), ca.CertificatePEM()) || again.Path() != filepath.Join(dir, CertFile) {
		t.Fatalf("second load made another CA: %v", err)
	}
	pool := x509.NewCertPool()
	onDisk, _ := os.ReadFile(ca.Path())
	if !pool.AppendCertsFromPEM(onDisk) {
		t.Fatal("ca.pem holds no certificate")
	}
	leaf, err := again.Leaf("chat.example.test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := leaf.Leaf.Verify(x509.VerifyOptions{DNSName: "chat.example.test", Roots: pool}); err != nil {
		t.Errorf("leaf does not verify against ca.pem: %v", err)
	}
	if _, err := leaf.Leaf.Verify(x509.VerifyOptions{DNSName: "other.example.test", Roots: pool}); err == nil {
		t.Error("leaf verifies for another host")
	}
	if same, _ := again.Leaf("chat.example.test"); same != leaf {
		t.Error("leaf issued again instead of cached")
	}

	// A key without its certificate is reported, not replaced.
	os.Remove(ca.Path())
	if _, err := LoadOrCreate(dir); err == nil {
		t.Error("a CA key without ca.pem was accepted")
	}
}
