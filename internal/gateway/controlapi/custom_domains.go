package controlapi

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"slices"
	"strconv"
	"strings"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Custom domains: FC 3.0's CreateCustomDomain, GetCustomDomain,
// ListCustomDomains, UpdateCustomDomain and DeleteCustomDomain. The
// private key of certConfig is stored but never returned: FC keeps it to
// itself ("The FC service will not return private key credential for
// security reason", terraform-provider-alicloud's
// resource_alicloud_fcv3_custom_domain.go), and so does the gateway.

// domainAPIVersion is apiVersion of the domains this API creates.
const domainAPIVersion = "2023-03-30"

// domainLockKey orders the writes of one domain. Domain names hold a
// '.', which function names never do, so the keys of the handler's one
// lock table never meet.
func domainLockKey(name string) string { return name }

// domainView is a stored domain as the API returns it: without the key.
func domainView(d *fc.CustomDomain) *fc.CustomDomain {
	out := *d
	if d.CertConfig != nil {
		c := *d.CertConfig
		c.PrivateKey = nil
		out.CertConfig = &c
	}
	return &out
}

func (h *Handler) createCustomDomain(c *call) (any, error) {
	var in fc.CreateCustomDomainInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	name := dara.StringValue(in.DomainName)
	if name == "" {
		return nil, invalidArg("domainName", "is required, such as \"chat.example.com\"")
	}
	if err := fcspec.CheckDomainName(name); err != nil {
		return nil, invalidArg("domainName", "%v", err)
	}
	d := &fc.CustomDomain{
		DomainName:       dara.String(name),
		AccountId:        dara.String(h.cfg.AccountID),
		ApiVersion:       dara.String(domainAPIVersion),
		Protocol:         in.Protocol,
		CertConfig:       in.CertConfig,
		TlsConfig:        in.TlsConfig,
		RouteConfig:      in.RouteConfig,
		AuthConfig:       in.AuthConfig,
		WafConfig:        in.WafConfig,
		CorsConfig:       in.CorsConfig,
		CreatedTime:      fcTime(c.now),
		LastModifiedTime: fcTime(c.now),
	}
	if d.Protocol == nil {
		d.Protocol = dara.String(fcspec.ProtocolHTTP) // FC 2.0's documented default; unconfirmed for 3.0
	}
	unlock := h.locks.lock(domainLockKey(name))
	defer unlock()
	if err := h.checkDomain(d); err != nil {
		return nil, err
	}
	if err := h.cfg.Store.CreateDomain(d); err != nil {
		return nil, domainError(err, name)
	}
	h.notify(Event{Kind: DomainSet, Time: c.now, Domain: name})
	return domainView(d), nil
}

// updateCustomDomain merges as FC's updates do (FC-REFERENCE.md section 4,
// nested objects on UpdateFunction): a field left out keeps its value, a
// field given replaces the old one whole (routeConfig with all its
// routes), and an empty object clears it. The result is checked as a
// create's would be.
func (h *Handler) updateCustomDomain(c *call) (any, error) {
	name := c.r.PathValue("domain")
	var in fc.UpdateCustomDomainInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	unlock := h.locks.lock(domainLockKey(name))
	defer unlock()
	d, err := h.cfg.Store.UpdateDomain(name, func(d *fc.CustomDomain) error {
		if in.Protocol != nil {
			d.Protocol = in.Protocol
		}
		d.CertConfig = replaced(d.CertConfig, in.CertConfig, func(v *fc.CertConfig) bool { return *v == fc.CertConfig{} })
		d.TlsConfig = replaced(d.TlsConfig, in.TlsConfig, func(v *fc.TLSConfig) bool {
			return v.MinVersion == nil && v.MaxVersion == nil && len(v.CipherSuites) == 0
		})
		d.RouteConfig = replaced(d.RouteConfig, in.RouteConfig, func(v *fc.RouteConfig) bool { return false })
		d.AuthConfig = replaced(d.AuthConfig, in.AuthConfig, func(v *fc.AuthConfig) bool { return *v == fc.AuthConfig{} })
		d.WafConfig = replaced(d.WafConfig, in.WafConfig, func(v *fc.WAFConfig) bool { return false })
		d.CorsConfig = replaced(d.CorsConfig, in.CorsConfig, func(v *fc.CORSConfig) bool { return false })
		d.LastModifiedTime = fcTime(c.now)
		return h.checkDomain(d)
	})
	if err != nil {
		return nil, domainError(err, name)
	}
	h.notify(Event{Kind: DomainSet, Time: c.now, Domain: name})
	return domainView(d), nil
}

// replaced is old unless the update gave v: then v, or nil when v is
// empty (the way to clear it).
func replaced[T any](old, v *T, empty func(*T) bool) *T {
	switch {
	case v == nil:
		return old
	case empty(v):
		return nil
	}
	return v
}

func (h *Handler) getCustomDomain(c *call) (any, error) {
	name := c.r.PathValue("domain")
	d, err := h.cfg.Store.GetDomain(name)
	if err != nil {
		return nil, domainError(err, name)
	}
	return domainView(d), nil
}

func (h *Handler) deleteCustomDomain(c *call) (any, error) {
	name := c.r.PathValue("domain")
	unlock := h.locks.lock(domainLockKey(name))
	defer unlock()
	if err := h.cfg.Store.DeleteDomain(name); err != nil {
		return nil, domainError(err, name)
	}
	h.notify(Event{Kind: DomainDeleted, Time: c.now, Domain: name})
	return nil, nil
}

func (h *Handler) listCustomDomains(c *call) (any, error) {
	page, err := pageOptions(c.r.URL.Query())
	if err != nil {
		return nil, err
	}
	ds, next, err := h.cfg.Store.ListDomains(page)
	if err != nil {
		return nil, err
	}
	out := &fc.ListCustomDomainOutput{CustomDomains: make([]*fc.CustomDomain, 0, len(ds))}
	for _, d := range ds {
		out.CustomDomains = append(out.CustomDomains, domainView(d))
	}
	if next != "" {
		out.NextToken = dara.String(encodeToken(next))
	}
	return out, nil
}

// domainError names the domain in the store's refusals.
func domainError(err error, name string) error {
	switch {
	case errors.Is(err, store.ErrDomainNotFound):
		return fcError(fcspec.CodeDomainNameNotFound, "domain name '%s' does not exist", name)
	case errors.Is(err, store.ErrDomainExists):
		return fcError(fcspec.CodeDomainNameAlreadyExists, "domain name '%s' already exists", name)
	}
	return err
}

// checkDomain validates a whole domain, as created or as an update leaves
// it.
func (h *Handler) checkDomain(d *fc.CustomDomain) error {
	name, protocol := dara.StringValue(d.DomainName), dara.StringValue(d.Protocol)
	if !slices.Contains(fcspec.Protocols, protocol) {
		return invalidArg("protocol", "is %q; use one of %s", protocol, strings.Join(fcspec.Protocols, ", "))
	}
	if err := checkCert(name, d.CertConfig); err != nil {
		return err
	}
	if err := checkTLS(d.TlsConfig); err != nil {
		return err
	}
	if a := d.AuthConfig; a != nil && dara.StringValue(a.AuthType) != "" && dara.StringValue(a.AuthType) != fcspec.AuthAnonymous {
		return invalidArg("authConfig.authType", "is %q; the local gateway serves custom domains anonymously only (FC also verifies function and jwt auth on a domain): leave authConfig out", dara.StringValue(a.AuthType))
	}
	return h.checkRoutes(d.RouteConfig)
}

// checkCert checks that a certificate and its key parse and belong
// together, and that the certificate names the domain. HTTPS without a
// certificate is the local gateway's own leniency: it then serves a
// certificate from its local CA, where FC refuses a domain with HTTPS and
// no certConfig.
func checkCert(domain string, cc *fc.CertConfig) error {
	if cc == nil {
		return nil
	}
	certPEM, keyPEM := dara.StringValue(cc.Certificate), dara.StringValue(cc.PrivateKey)
	switch {
	case certPEM == "":
		return invalidArg("certConfig.certificate", "is required with certConfig: the PEM certificate chain, leaf first")
	case keyPEM == "":
		return invalidArg("certConfig.privateKey", "is required with certConfig: the PEM private key of the certificate")
	}
	pair, err := tls.X509KeyPair([]byte(certPEM), []byte(keyPEM))
	if err != nil {
		// crypto/tls's messages name PEM blocks and key types, never
		// the key's bytes.
		return invalidArg("certConfig", "the certificate and private key are not a valid PEM pair: %v", err)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return invalidArg("certConfig.certificate", "cannot be parsed: %v", err)
	}
	// A wildcard domain's certificate must cover its names: check one.
	if err := leaf.VerifyHostname(strings.Replace(domain, "*", "any", 1)); err != nil {
		return invalidArg("certConfig.certificate", "does not cover %s (%v); issue it for that name", domain, err)
	}
	return nil
}

func checkTLS(t *fc.TLSConfig) error {
	if t == nil {
		return nil
	}
	lo, hi := dara.StringValue(t.MinVersion), dara.StringValue(t.MaxVersion)
	if lo != "" && !slices.Contains(fcspec.TLSVersions, lo) {
		return invalidArg("tlsConfig.minVersion", "is %q; use one of %s", lo, strings.Join(fcspec.TLSVersions, ", "))
	}
	if hi != "" && !slices.Contains(fcspec.TLSVersions, hi) {
		return invalidArg("tlsConfig.maxVersion", "is %q; use one of %s", hi, strings.Join(fcspec.TLSVersions, ", "))
	}
	if lo != "" && hi != "" && slices.Index(fcspec.TLSVersions, hi) < slices.Index(fcspec.TLSVersions, lo) {
		return invalidArg("tlsConfig", "maxVersion %s is older than minVersion %s", hi, lo)
	}
	for _, s := range t.CipherSuites {
		if _, ok := CipherSuite(dara.StringValue(s)); !ok {
			return invalidArg("tlsConfig.cipherSuites", "%q is not a cipher suite's IANA name, such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", dara.StringValue(s))
		}
	}
	return nil
}

// CipherSuite is the id of a cipher suite's IANA name.
func CipherSuite(name string) (uint16, bool) {
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		if s.Name == name {
			return s.ID, true
		}
	}
	return 0, false
}

// checkRoutes checks each route and that its function exists: FC resolves
// a route's function when it serves a request, and whether its
// CreateCustomDomain refuses a route to a missing function is
// unconfirmed; the gateway refuses it, the stricter choice, so that a
// typo fails at deploy time.
func (h *Handler) checkRoutes(rc *fc.RouteConfig) error {
	if rc == nil {
		return nil
	}
	if len(rc.Routes) > fcspec.MaxRoutes {
		return invalidArg("routeConfig.routes", "has %d routes; a custom domain holds at most %d", len(rc.Routes), fcspec.MaxRoutes)
	}
	paths := make([]string, 0, len(rc.Routes))
	for i, r := range rc.Routes {
		field := func(f string) string { return "routeConfig.routes[" + strconv.Itoa(i) + "]." + f }
		if r == nil {
			return invalidArg(field("path"), "is required")
		}
		p, fn := dara.StringValue(r.Path), dara.StringValue(r.FunctionName)
		if err := fcspec.CheckRoutePath(p); err != nil {
			return invalidArg(field("path"), "%v", err)
		}
		if fn == "" {
			return invalidArg(field("functionName"), "is required")
		}
		if err := checkQualifier(dara.StringValue(r.Qualifier)); err != nil {
			return err
		}
		for _, m := range r.Methods {
			if err := fcspec.CheckMethod(dara.StringValue(m)); err != nil {
				return invalidArg(field("methods"), "%v", err)
			}
		}
		if r.RewriteConfig != nil {
			return invalidArg(field("rewriteConfig"), "is not supported by the local gateway: leave it out (requests reach the function with their own path)")
		}
		if _, err := h.cfg.Store.GetFunction(fn); err != nil {
			if errors.Is(err, store.ErrFunctionNotFound) {
				return fcError(fcspec.CodeFunctionNotFound, "function '%s' of route '%s' does not exist; create the function before the custom domain", fn, p)
			}
			return err
		}
		paths = append(paths, p)
	}
	if err := fcspec.CheckDuplicateRoutes(paths); err != nil {
		return invalidArg("routeConfig.routes", "%v", err)
	}
	return nil
}
