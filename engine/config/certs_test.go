package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"
)

// testCert is a PEM certificate and its PEM private key.
type testCert struct{ cert, key string }

// makeCert issues a self-signed ECDSA certificate for names, valid from
// now+from to now+until.
func makeCert(t testing.TB, names []string, from, until time.Duration) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      pkix.Name{CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    now.Add(from),
		NotAfter:     now.Add(until),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return testCert{
		cert: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		key:  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})),
	}
}

// goodCert is valid now for a year.
func goodCert(t testing.TB, names ...string) testCert {
	return makeCert(t, names, -time.Hour, 365*24*time.Hour)
}

// files is the certificate and key as the stack's cert.pem and key.pem.
func (c testCert) files() map[string]string {
	return map[string]string{"cert.pem": c.cert, "key.pem": c.key}
}
