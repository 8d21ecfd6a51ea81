package config

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// certExpiryWarning is how close to its end a certificate gets a warning.
const certExpiryWarning = 30 * 24 * time.Hour

// certificate reads the domain's certificate and private key and checks
// what would make clients refuse the domain: a file that is not PEM, a key
// that does not match, a certificate for other names, or out of its
// validity period. The key's content is never quoted; it is kept as a
// secret (CustomDomain.Secrets) as soon as it is read.
func (c domainCheck) certificate() {
	d := c.d
	certPEM, err := os.ReadFile(d.CertFile)
	if err != nil {
		c.errorf("certificate", "Cannot read certificate", "%s: %s. Paths are relative to the stack directory.", d.CertFile, friendlyPathError(err))
	}
	keyPEM, kerr := os.ReadFile(d.KeyFile)
	if kerr != nil {
		c.errorf("private_key", "Cannot read private key", "%s: %s. Paths are relative to the stack directory.", d.KeyFile, friendlyPathError(kerr))
	}
	d.Certificate, d.PrivateKey = string(certPEM), string(keyPEM)
	if err != nil || kerr != nil {
		return
	}
	leaf, err := parseChain(certPEM)
	if err != nil {
		c.errorf("certificate", "Invalid certificate", "%s %s.", d.CertFile, err)
		return
	}
	key, err := parseKey(keyPEM)
	if err != nil {
		c.errorf("private_key", "Invalid private key", "%s %s.", d.KeyFile, err)
		return
	}
	if pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(leaf.PublicKey) {
		c.errorf("private_key", "Private key does not match the certificate",
			"the key in %s is not the key of the certificate in %s (for %s). Give the private key that was generated with this certificate.",
			d.KeyFile, d.CertFile, certNames(leaf))
		return
	}
	now := time.Now()
	switch {
	case now.After(leaf.NotAfter):
		c.errorf("certificate", "Expired certificate",
			"the certificate in %s expired on %s; clients refuse it. Renew it and point certificate and private_key at the new files.", d.CertFile, leaf.NotAfter.UTC().Format(time.RFC3339))
	case now.Before(leaf.NotBefore):
		c.errorf("certificate", "Certificate not yet valid",
			"the certificate in %s is valid from %s only; clients refuse it until then. Check the issuing machine's clock, or use a certificate valid now.", d.CertFile, leaf.NotBefore.UTC().Format(time.RFC3339))
	case leaf.NotAfter.Sub(now) < certExpiryWarning:
		c.warnf("certificate", "Certificate expires soon",
			"the certificate in %s expires on %s; clients will refuse it from then on. Renew it before.", d.CertFile, leaf.NotAfter.UTC().Format(time.RFC3339))
	}
	if !certCovers(leaf, d.Name) {
		c.errorf("certificate", "Certificate does not cover the domain",
			"the certificate in %s is for %s, not %s: browsers and the smoke test refuse the connection (wss:// verifies the host name). Use a certificate whose subject alternative names include %s.",
			d.CertFile, certNames(leaf), d.Name, d.Name)
	}
}

// parseChain parses every certificate of a PEM chain and returns the first
// (the leaf, as FC expects the chain ordered).
func parseChain(data []byte) (*x509.Certificate, error) {
	var leaf *x509.Certificate
	for n := 1; ; n++ {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			if strings.Contains(block.Type, "PRIVATE KEY") {
				return nil, errors.New("holds a private key where the certificate belongs: swap certificate and private_key")
			}
			return nil, fmt.Errorf("holds a PEM %q block; a certificate file holds CERTIFICATE blocks, the domain's certificate first", block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("has a certificate that does not parse (block %d: %v)", n, err)
		}
		if leaf == nil {
			leaf = cert
		}
	}
	if leaf == nil {
		return nil, errors.New("holds no PEM certificate (a block starting \"-----BEGIN CERTIFICATE-----\")")
	}
	return leaf, nil
}

// parseKey parses an unencrypted PEM private key (PKCS #8, PKCS #1 or
// SEC 1), the forms FC and TLS servers take. Its errors never quote it.
func parseKey(data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	switch {
	case block == nil:
		return nil, errors.New("holds no PEM private key (a block starting \"-----BEGIN PRIVATE KEY-----\")")
	case block.Type == "CERTIFICATE":
		return nil, errors.New("holds a certificate where the private key belongs: swap certificate and private_key")
	case block.Headers["Proc-Type"] != "" || block.Type == "ENCRYPTED PRIVATE KEY":
		return nil, errors.New("holds an encrypted private key; Function Compute needs it unencrypted (openssl pkey -in key.pem -out plain.pem)")
	}
	if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		if s, ok := k.(crypto.Signer); ok {
			return s, nil
		}
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	return nil, fmt.Errorf("holds a %q block that is not an RSA, ECDSA or Ed25519 private key in PKCS #8, PKCS #1 or SEC 1 form", block.Type)
}

// certCovers reports whether leaf is valid for the domain name: a host
// name as TLS clients check it, or for a wildcard domain (*.example.com),
// the same wildcard among the certificate's names.
func certCovers(leaf *x509.Certificate, name string) bool {
	if strings.HasPrefix(name, "*.") {
		return slices.ContainsFunc(leaf.DNSNames, func(n string) bool { return strings.EqualFold(n, name) })
	}
	return leaf.VerifyHostname(name) == nil
}

// certNames lists the names a certificate is for.
func certNames(leaf *x509.Certificate) string {
	names := leaf.DNSNames
	if len(names) == 0 && leaf.Subject.CommonName != "" {
		names = []string{leaf.Subject.CommonName + " (common name only, which clients ignore)"}
	}
	if len(names) == 0 {
		return "no host name"
	}
	return strings.Join(names, ", ")
}
