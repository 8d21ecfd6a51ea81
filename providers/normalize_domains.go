package providers

import (
	"slices"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// normalizeAffinity is SessionAffinity in Normalize's form: nil for none
// (FC reports none as NONE or leaves the field out), FC's defaults filled
// where a count is zero, and the header only with HEADER_FIELD. The idle
// timeout is left as it is: 0 is one of its values.
func normalizeAffinity(a *SessionAffinity) *SessionAffinity {
	if a == nil || a.Type == "" || a.Type == fcspec.AffinityNone {
		return nil
	}
	n := *a
	if n.Type != fcspec.AffinityHeaderField {
		n.Header = ""
	}
	setDefault(&n.SessionsPerInstance, fcspec.DefaultSessionsPerInstance)
	setDefault(&n.SessionTTL, fcspec.DefaultSessionTTL)
	return &n
}

// NormalizeDomain returns a copy of d in the one form that what the engine
// writes and what a provider reads back are both brought to: the name
// lower case; no certificate or TLS policy for a domain that serves no
// HTTPS; a certificate's name derived from the domain when none is given;
// the TLS policy with FC's defaults (fcspec.DefaultTLSMinVersion,
// DefaultTLSMaxVersion, DefaultCipherSuites) left zero, and nil when all
// are defaults; routes with the LATEST qualifier filled and methods upper
// case, sorted and unique. A read never holds the private key, so compare
// certificates without it. d is not modified.
func NormalizeDomain(d *CustomDomain) *CustomDomain {
	n := *d
	n.Name = strings.ToLower(d.Name)
	n.Cert, n.TLS = nil, nil
	if fcspec.ServesHTTPS(n.Protocol) {
		if d.Cert != nil {
			c := *d.Cert
			if c.Name == "" {
				c.Name = CertName(n.Name)
			}
			n.Cert = &c
		}
		n.TLS = normalizeTLS(d.TLS)
	}
	n.Routes = nil
	for _, r := range d.Routes {
		c := *r
		if c.Qualifier == "" {
			c.Qualifier = fcspec.QualifierLatest
		}
		c.Methods = nil
		for _, m := range r.Methods {
			if m = strings.ToUpper(m); !slices.Contains(c.Methods, m) {
				c.Methods = append(c.Methods, m)
			}
		}
		slices.Sort(c.Methods)
		n.Routes = append(n.Routes, &c)
	}
	return &n
}

func normalizeTLS(t *TLS) *TLS {
	if t == nil {
		return nil
	}
	n := TLS{MinVersion: t.MinVersion, MaxVersion: t.MaxVersion, CipherSuites: listOrNil(t.CipherSuites)}
	if n.MinVersion == fcspec.DefaultTLSMinVersion {
		n.MinVersion = ""
	}
	if n.MaxVersion == fcspec.DefaultTLSMaxVersion {
		n.MaxVersion = ""
	}
	if slices.Equal(n.CipherSuites, fcspec.DefaultCipherSuites) {
		n.CipherSuites = nil
	}
	if n.MinVersion == "" && n.MaxVersion == "" && n.CipherSuites == nil {
		return nil
	}
	return &n
}

// CertName is the certificate name wsdeploy gives FC for a domain whose
// stack names none: stable, so that updates do not rename it, and made of
// letters, digits and '-' ("chat.example.com" → "chat-example-com"; a
// wildcard's "*" as "wildcard"), as internal/engine/plan names it.
func CertName(domain string) string {
	r := strings.NewReplacer(".", "-", "*", "wildcard")
	return r.Replace(strings.ToLower(domain))
}
