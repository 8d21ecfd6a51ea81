package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"sync/atomic"
	"testing"
	"time"
)

// Pair is a PEM certificate and its PEM (PKCS #8) private key.
type Pair struct{ Cert, Key string }

// TLS is the pair as a server's certificate.
func (p Pair) TLS(t testing.TB) tls.Certificate {
	t.Helper()
	c, err := tls.X509KeyPair([]byte(p.Cert), []byte(p.Key))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// CA is a certificate authority that lives as long as the test.
type CA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	// PEM is the CA's certificate, for a client's roots.
	PEM []byte
}

// NewCA makes a CA valid from an hour ago for a day.
func NewCA(t testing.TB) *CA {
	t.Helper()
	key := newKey(t)
	tmpl := template([]string{"wsdeploy test CA"}, -time.Hour, 24*time.Hour)
	tmpl.DNSNames = nil
	tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
	tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	tmpl.ExtKeyUsage = nil
	der := create(t, tmpl, tmpl, key)
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &CA{cert: cert, key: key, PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// Issue signs a server certificate for hosts, valid from now+from to
// now+until.
func (ca *CA) Issue(t testing.TB, hosts []string, from, until time.Duration) Pair {
	t.Helper()
	key := newKey(t)
	return pair(t, create(t, template(hosts, from, until), ca.cert, key, ca.key), key)
}

// SelfSigned is a self-signed server certificate for hosts, valid from
// now+from to now+until.
func SelfSigned(t testing.TB, hosts []string, from, until time.Duration) Pair {
	t.Helper()
	key := newKey(t)
	tmpl := template(hosts, from, until)
	return pair(t, create(t, tmpl, tmpl, key), key)
}

// Valid is a self-signed certificate for hosts, valid now and for a year.
func Valid(t testing.TB, hosts ...string) Pair {
	t.Helper()
	return SelfSigned(t, hosts, -time.Hour, 365*24*time.Hour)
}

var serials atomic.Int64

func template(hosts []string, from, until time.Duration) *x509.Certificate {
	now := time.Now()
	return &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano() + serials.Add(1)),
		Subject:      pkix.Name{CommonName: hosts[0]},
		DNSNames:     hosts,
		NotBefore:    now.Add(from),
		NotAfter:     now.Add(until),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// create signs tmpl for key's public half with signer (key itself when
// self-signed).
func create(t testing.TB, tmpl, parent *x509.Certificate, key *ecdsa.PrivateKey, signer ...*ecdsa.PrivateKey) []byte {
	t.Helper()
	by := key
	if len(signer) > 0 {
		by = signer[0]
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, by)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func pair(t testing.TB, der []byte, key *ecdsa.PrivateKey) Pair {
	t.Helper()
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return Pair{
		Cert: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		Key:  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})),
	}
}
