package testcert

import (
	"crypto/x509"
	"encoding/pem"
	"testing"
	"time"
)

// A certificate the CA issues verifies against the CA for its host and
// not for another; a self-signed one carries the validity asked for.
func TestIssueAndVerify(t *testing.T) {
	ca := NewCA(t)
	p := ca.Issue(t, []string{"chat.example.test"}, -time.Minute, time.Hour)
	block, _ := pem.Decode([]byte(p.Cert))
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca.PEM)
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, DNSName: "chat.example.test"}); err != nil {
		t.Errorf("issued certificate does not verify: %v", err)
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, DNSName: "other.example.test"}); err == nil {
		t.Error("issued certificate verifies for another host")
	}
	_ = p.TLS(t)

	old := SelfSigned(t, []string{"a.example.test"}, -2*time.Hour, -time.Hour)
	block, _ = pem.Decode([]byte(old.Cert))
	if c, _ := x509.ParseCertificate(block.Bytes); c == nil || !c.NotAfter.Before(time.Now()) {
		t.Errorf("an expired certificate was asked for: %+v", c)
	}
}
