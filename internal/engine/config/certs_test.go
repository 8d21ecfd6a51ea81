package config

import (
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testcert"
)

// testCert is a PEM certificate and its PEM private key.
type testCert struct{ cert, key string }

// makeCert issues a self-signed certificate for names, valid from
// now+from to now+until.
func makeCert(t testing.TB, names []string, from, until time.Duration) testCert {
	t.Helper()
	p := testcert.SelfSigned(t, names, from, until)
	return testCert{cert: p.Cert, key: p.Key}
}

// goodCert is valid now for a year.
func goodCert(t testing.TB, names ...string) testCert {
	return makeCert(t, names, -time.Hour, 365*24*time.Hour)
}

// files is the certificate and key as the stack's cert.pem and key.pem.
func (c testCert) files() map[string]string {
	return map[string]string{"cert.pem": c.cert, "key.pem": c.key}
}
