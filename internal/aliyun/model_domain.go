package aliyun

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// fromFCDomain translates FC's custom domain, normalized. FC returns the
// certificate but never its private key.
func fromFCDomain(raw *fc.CustomDomain) *providers.CustomDomain {
	d := &providers.CustomDomain{
		Name:         dara.StringValue(raw.DomainName),
		Protocol:     dara.StringValue(raw.Protocol),
		LastModified: dara.StringValue(raw.LastModifiedTime),
	}
	if c := raw.CertConfig; c != nil && (dara.StringValue(c.Certificate) != "" || dara.StringValue(c.CertName) != "") {
		d.Cert = &providers.Certificate{Name: dara.StringValue(c.CertName), Certificate: dara.StringValue(c.Certificate)}
	}
	if t := raw.TlsConfig; t != nil {
		d.TLS = &providers.TLS{MinVersion: dara.StringValue(t.MinVersion), MaxVersion: dara.StringValue(t.MaxVersion), CipherSuites: strs(t.CipherSuites)}
	}
	if rc := raw.RouteConfig; rc != nil {
		for _, r := range rc.Routes {
			if r != nil {
				d.Routes = append(d.Routes, &providers.Route{Path: dara.StringValue(r.Path), Function: dara.StringValue(r.FunctionName),
					Qualifier: dara.StringValue(r.Qualifier), Methods: strs(r.Methods)})
			}
		}
	}
	return providers.NormalizeDomain(d)
}

// domainInput is what creation and update share, every field stated
// (FC keeps what an update leaves out): protocol, the routes ([] for
// none, each with its methods, [] for every method), and for a domain
// that serves HTTPS its certificate (when given) and its TLS policy with
// wsdeploy's defaults filled (fcspec.DefaultTLSMinVersion and the rest),
// so FC's own defaults never decide. d must be normalized.
func domainInput(d *providers.CustomDomain) *fc.UpdateCustomDomainInput {
	in := &fc.UpdateCustomDomainInput{
		Protocol:    dara.String(d.Protocol),
		RouteConfig: &fc.RouteConfig{Routes: []*fc.PathConfig{}},
	}
	for _, r := range d.Routes {
		in.RouteConfig.Routes = append(in.RouteConfig.Routes, &fc.PathConfig{Path: dara.String(r.Path), FunctionName: dara.String(r.Function),
			Qualifier: dara.String(r.Qualifier), Methods: dara.StringSlice(nonNil(r.Methods))})
	}
	if c := d.Cert; c != nil {
		in.CertConfig = &fc.CertConfig{CertName: dara.String(c.Name), Certificate: dara.String(c.Certificate), PrivateKey: dara.String(c.PrivateKey)}
	}
	if fcspec.ServesHTTPS(d.Protocol) {
		t := providers.TLS{}
		if d.TLS != nil {
			t = *d.TLS
		}
		in.TlsConfig = &fc.TLSConfig{
			MinVersion:   dara.String(cmp.Or(t.MinVersion, fcspec.DefaultTLSMinVersion)),
			MaxVersion:   dara.String(cmp.Or(t.MaxVersion, fcspec.DefaultTLSMaxVersion)),
			CipherSuites: dara.StringSlice(t.CipherSuites),
		}
		if len(t.CipherSuites) == 0 {
			in.TlsConfig.CipherSuites = dara.StringSlice(fcspec.DefaultCipherSuites)
		}
	}
	return in
}

// updateDomainInput is the UpdateCustomDomain body that turns cur into d:
// domainInput, plus the empty certConfig and tlsConfig Terraform's
// alicloud_fcv3_custom_domain sends to remove them, each only when cur
// has one to remove (whether FC accepts them otherwise is unconfirmed).
func updateDomainInput(d, cur *providers.CustomDomain) *fc.UpdateCustomDomainInput {
	in := domainInput(d)
	if in.CertConfig == nil && cur.Cert != nil {
		in.CertConfig = &fc.CertConfig{}
	}
	if in.TlsConfig == nil && fcspec.ServesHTTPS(cur.Protocol) {
		in.TlsConfig = &fc.TLSConfig{CipherSuites: []*string{}}
	}
	return in
}

// createDomainInput is the CreateCustomDomain body: the shared fields and
// the name.
func createDomainInput(d *providers.CustomDomain) *fc.CreateCustomDomainInput {
	in := domainInput(d)
	return &fc.CreateCustomDomainInput{DomainName: dara.String(d.Name), Protocol: in.Protocol, RouteConfig: in.RouteConfig,
		CertConfig: in.CertConfig, TlsConfig: in.TlsConfig}
}

// checkDomain refuses what FC would refuse, or what would lose the private
// key, before any call. Against the local gateway an HTTPS domain may come
// without a certificate: the gateway issues one from its local CA.
func (p *Provider) checkDomain(d *providers.CustomDomain) error {
	if err := fcspec.CheckDomainName(d.Name); err != nil {
		return fmt.Errorf("aliyun: custom domain name %w", err)
	}
	switch {
	case !slices.Contains(fcspec.Protocols, d.Protocol):
		return fmt.Errorf("aliyun: custom domain %q: protocol is %q; Function Compute accepts %s", d.Name, d.Protocol, strings.Join(fcspec.Protocols, ", "))
	case d.Cert == nil && fcspec.ServesHTTPS(d.Protocol) && !p.issuesCertificates():
		return fmt.Errorf("aliyun: custom domain %q serves %s but has no certificate: Function Compute needs the domain's PEM certificate "+
			"and private key to serve HTTPS (only the local gateway issues one itself). Give the custom_domain block its certificate "+
			"and private key files, or set protocol = %q", d.Name, d.Protocol, fcspec.ProtocolHTTP)
	case d.Cert != nil && (strings.TrimSpace(d.Cert.Certificate) == "" || strings.TrimSpace(d.Cert.PrivateKey) == ""):
		return fmt.Errorf("aliyun: custom domain %q has a certificate without both its PEM certificate and its private key: Function Compute needs the two together", d.Name)
	}
	return nil
}
