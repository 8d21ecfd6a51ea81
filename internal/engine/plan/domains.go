package plan

import (
	"cmp"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// A custom domain's private key is never readable back (FC returns the
// certificate only), so the plan cannot see a key changed on its own.
// It does not need to: a key is only valid with the certificate whose
// public key it matches, so a new key comes with a new certificate, and
// the certificate is compared. The key is sent with every create and
// update (the provider sends every field), and shown as the sensitive
// attribute private_key whenever the certificate changes.

// desiredDomain is d as the provider should have it, normalized as reads
// are (providers.NormalizeDomain): each route names its function by FC
// name, at LATEST.
func desiredDomain(d *config.CustomDomain) *providers.CustomDomain {
	out := &providers.CustomDomain{Name: d.Name, Protocol: d.Protocol}
	if d.Certificate != "" {
		out.Cert = &providers.Certificate{Certificate: d.Certificate, PrivateKey: d.PrivateKey}
	}
	if d.TLSMinVersion != "" {
		out.TLS = &providers.TLS{MinVersion: d.TLSMinVersion}
	}
	for _, r := range d.Routes {
		out.Routes = append(out.Routes, &providers.Route{Path: r.Path, Function: r.Function.Name, Methods: r.Methods})
	}
	return providers.NormalizeDomain(out) // copies what out shares with d
}

// domainAttrs are d's managed attributes under their HCL names, d
// normalized (NormalizeDomain leaves FC's TLS defaults empty; the minimum
// is shown as its value). A maximum TLS version or cipher suites, which a
// stack cannot set, show only when changed outside, as a removal.
// withCert is false when the stack gives no certificate: the local
// gateway then issues one itself, which is not drift.
func domainAttrs(d *providers.CustomDomain, withCert bool) attrList {
	var l attrList
	l.add("protocol", d.Protocol)
	if fcspec.ServesHTTPS(d.Protocol) {
		tls := d.TLS
		if tls == nil {
			tls = &providers.TLS{}
		}
		l.add("tls_min_version", cmp.Or(tls.MinVersion, fcspec.DefaultTLSMinVersion))
		l.add("tls_max_version", tls.MaxVersion)
		l.add("tls_cipher_suites", tls.CipherSuites)
	}
	if withCert && d.Cert != nil {
		l.add("certificate", certSummary(d.Cert.Certificate))
	}
	for i, r := range d.Routes {
		p := "route." + strconv.Itoa(i) + "."
		l.add(p+"path", r.Path)
		l.add(p+"function", r.Function)
		if q := r.Qualifier; q != "" && q != fcspec.QualifierLatest {
			l.add(p+"qualifier", q)
		}
		l.add(p+"methods", r.Methods)
	}
	return l
}

// certSummary shows a PEM certificate chain as its leaf's subject, expiry
// and a digest of the whole chain: readable in a plan, and equal exactly
// when the certificates are, whatever their line endings.
func certSummary(text string) string {
	h := sha256.New()
	var leaf *x509.Certificate
	rest := []byte(text)
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		h.Write(b.Bytes)
		if leaf == nil {
			leaf, _ = x509.ParseCertificate(b.Bytes)
		}
	}
	if leaf == nil { // not a certificate the plan can read: digest the text
		h.Reset()
		h.Write([]byte(strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))))
	}
	digest := "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
	if leaf == nil {
		return digest
	}
	return fmt.Sprintf("CN=%s, expires %s, %s", leaf.Subject.CommonName, leaf.NotAfter.UTC().Format("2006-01-02"), digest)
}

// routeFunctions are the FC functions d routes to, sorted and unique.
func routeFunctions(d *providers.CustomDomain) []string {
	if d == nil {
		return nil
	}
	var out []string
	for _, r := range d.Routes {
		out = append(out, r.Function)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// domainResource is one custom domain in the diff.
type domainResource struct {
	want   *providers.CustomDomain // nil: delete
	have   *providers.CustomDomain // nil: create
	reason string                  // why a deletion
	masker masker
}

func (r domainResource) change() *Change {
	if r.have != nil {
		r.have = providers.NormalizeDomain(r.have)
	}
	d := r.want
	if d == nil {
		d = r.have
	}
	name := d.Name
	c := &Change{Address: domainAddress(name), Kind: KindCustomDomain, Label: name, Domain: name,
		RoutesTo: routeFunctions(r.want), RoutedTo: routeFunctions(r.have)}
	if r.want == nil {
		c.Action, c.Reason = Delete, r.reason
		return c
	}
	withCert := r.want.Cert != nil
	var before attrList
	if r.have != nil {
		before = domainAttrs(r.have, withCert)
	}
	c.Attributes = diffAttrs(before, domainAttrs(r.want, withCert), r.masker)
	switch {
	case r.have == nil:
		c.Action = Create
	case len(c.Attributes) > 0:
		c.Action = Update
	default:
		c.Action = NoOp
		return c
	}
	c.domain = r.want
	if withCert && r.want.Cert.PrivateKey != "" && slices.ContainsFunc(c.Attributes, func(a Attribute) bool { return a.Path == "certificate" }) {
		c.Attributes = append(c.Attributes, Attribute{Path: privateKeyAttr, Action: c.Action, Sensitive: true})
	}
	return c
}

// privateKeyAttr is the attribute a changed key shows as, always masked.
const privateKeyAttr = "private_key"

func domainAddress(host string) string { return string(KindCustomDomain) + "." + host }

// domainResources pairs the declared custom domains with the owned ones:
// none in a destroy, where every owned domain goes.
func (m *maker) domainResources(obs *observedDomains, destroy bool) []domainResource {
	var out []domainResource
	declared := map[string]bool{}
	mask := masker{secrets: m.secrets}
	if !destroy {
		for _, d := range m.stack.Domains {
			declared[d.Name] = true
			out = append(out, domainResource{want: desiredDomain(d), have: obs.owned[d.Name], masker: mask})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(obs.owned)) {
		if declared[name] {
			continue
		}
		reason := reasonUndeclared
		if destroy {
			reason = reasonDestroy
		}
		out = append(out, domainResource{have: obs.owned[name], reason: reason, masker: mask})
	}
	return out
}
