package plugintest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// customDomains runs when the provider implements providers.CustomDomains:
// a domain routed to the kit's function is created (HTTP), updated (HTTPS
// with a certificate the kit issues, a TLS policy, one route fewer) and
// deleted; each write reads back equal through Get and List, in
// NormalizeDomain's form and without the private key; a missing domain is
// ErrNotFound. Where the domain can be reached (Info().Domains, or a
// domain of Options.CustomDomain in DNS), the echo answers through it, over
// TLS verified against the kit's certificate.
func (k *kit) customDomains() {
	k.t.Helper()
	cd, ok := k.p.(providers.CustomDomains)
	switch {
	case !ok:
		k.t.Logf("plugintest: %s: skipped: the provider does not implement providers.CustomDomains", k.step)
		return
	case k.opts.SkipCustomDomains:
		k.t.Logf("plugintest: %s: skipped (Options.SkipCustomDomains)", k.step)
		return
	}
	name := k.opts.CustomDomain
	if name == "" {
		name = k.spec.stack + ".plugintest.test"
	}
	if d, err := cd.GetCustomDomain(k.ctx, name); !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("GetCustomDomain(%q) of a domain that does not exist returned (%v, %v); want an error matching providers.ErrNotFound", name, d, err)
	}
	k.t.Cleanup(func() { cd.DeleteCustomDomain(context.Background(), name) }) // runs before the function's
	fn := k.spec.function()
	d := &providers.CustomDomain{Name: name, Protocol: fcspec.ProtocolHTTP, Routes: []*providers.Route{
		{Path: "/ws", Function: fn, Qualifier: fcspec.QualifierLatest, Methods: []string{"GET"}},
		{Path: "/api/*", Function: fn, Qualifier: fcspec.QualifierLatest},
	}}
	got, err := cd.CreateCustomDomain(k.ctx, d)
	if err != nil {
		k.fatalf("CreateCustomDomain(%q): %v", name, err)
	}
	k.sameDomain("CreateCustomDomain", d, got)
	k.readDomain(cd, d)
	k.domainEcho(name, nil)

	certPEM, keyPEM, pool := k.issue(name)
	d.Protocol = fcspec.ProtocolHTTPHTTPS
	d.Cert = &providers.Certificate{Name: providers.CertName(name), Certificate: certPEM, PrivateKey: keyPEM}
	d.TLS = &providers.TLS{MinVersion: fcspec.TLSv13}
	d.Routes = d.Routes[:1]
	if got, err = cd.UpdateCustomDomain(k.ctx, d); err != nil {
		k.fatalf("UpdateCustomDomain(%q): %v", name, err)
	}
	k.sameDomain("UpdateCustomDomain", d, got)
	k.readDomain(cd, d)
	k.domainEcho(name, pool)

	if err := cd.DeleteCustomDomain(k.ctx, name); err != nil {
		k.fatalf("DeleteCustomDomain(%q): %v", name, err)
	}
	if d, err := cd.GetCustomDomain(k.ctx, name); !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("GetCustomDomain(%q) after DeleteCustomDomain returned (%v, %v); want an error matching providers.ErrNotFound", name, d, err)
	}
	if err := cd.DeleteCustomDomain(k.ctx, name); err != nil && !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("DeleteCustomDomain of a deleted domain returned %v; want nil or providers.ErrNotFound", err)
	}
}

// readDomain fails unless Get and List return d as written.
func (k *kit) readDomain(cd providers.CustomDomains, d *providers.CustomDomain) {
	k.t.Helper()
	got, err := cd.GetCustomDomain(k.ctx, d.Name)
	if err != nil {
		k.fatalf("GetCustomDomain(%q) after a write: %v", d.Name, err)
	}
	k.sameDomain("GetCustomDomain", d, got)
	list, err := cd.ListCustomDomains(k.ctx)
	if err != nil {
		k.fatalf("ListCustomDomains: %v", err)
	}
	i := slices.IndexFunc(list, func(x *providers.CustomDomain) bool { return x.Name == d.Name })
	if i < 0 {
		k.fatalf("ListCustomDomains does not list %q", d.Name)
	}
	k.sameDomain("ListCustomDomains", d, list[i])
}

// sameDomain compares what a call returned with what was written, both in
// NormalizeDomain's form; a read must not hold the private key.
func (k *kit) sameDomain(call string, written, got *providers.CustomDomain) {
	k.t.Helper()
	if got == nil {
		k.fatalf("%s(%q) returned no domain", call, written.Name)
	}
	if got.Cert != nil && got.Cert.PrivateKey != "" {
		k.fatalf("%s(%q) returns the certificate's private key; a read must never return it (FC returns it empty)", call, written.Name)
	}
	want, have := providers.NormalizeDomain(written), providers.NormalizeDomain(got)
	if want.Cert != nil {
		c := *want.Cert
		c.PrivateKey = ""
		want.Cert = &c
	}
	if field, w, h := firstDiff(want, have, map[string]bool{"LastModified": true}); field != "" {
		k.fatalf("%s(%q) reads back %s = %s; it was written as %s", call, written.Name, field, show(h), show(w))
	}
}

// domainEcho sends the echo through the domain's /ws route: over TLS
// verified against roots when roots is not nil, else plain. A target
// reports where its domains answer outside DNS in Info().Domains; without
// it, only a domain named in Options (so in DNS) is dialled.
func (k *kit) domainEcho(name string, roots *x509.CertPool) {
	k.t.Helper()
	if k.opts.SkipSmoke {
		return
	}
	scheme, addr := "ws", ""
	if roots != nil {
		scheme = "wss"
	}
	if ep := k.p.Info().Domains; ep != nil {
		addr = ep.HTTP
		if roots != nil {
			addr = ep.HTTPS
		}
	} else if k.opts.CustomDomain == "" {
		k.t.Logf("plugintest: %s: the provider reports no domain endpoint (Info().Domains) and %q is not in DNS: echo through it skipped", k.step, name)
		return
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, ServerName: name}}
	if addr != "" {
		tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		}
	}
	defer tr.CloseIdleConnections()
	k.echoUntil(scheme+"://"+name+"/ws", &websocket.DialOptions{HTTPClient: &http.Client{Transport: tr}})
}

// issue makes a self-signed certificate for name (RSA 2048, PKCS #1, as
// FC's examples give keys) and a pool that trusts it.
func (k *kit) issue(name string) (certPEM, keyPEM string, pool *x509.CertPool) {
	k.t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		k.fatalf("generating a key: %v", err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		k.fatalf("issuing a certificate: %v", err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	certPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	keyPEM = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	return certPEM, keyPEM, pool
}
