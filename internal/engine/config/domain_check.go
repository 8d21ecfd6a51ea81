package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// domainCheck validates one custom_domain, pointing each problem at the
// attribute that causes it.
type domainCheck struct {
	site
	d *CustomDomain
}

func (c domainCheck) validate(label hcl.Range, in domainInput) {
	d := c.d
	if low := lowerHost(d.Name); low != "" && fcspec.CheckDomainName(low) == nil {
		c.l.errorAt(label, "Invalid custom domain name",
			fmt.Sprintf("custom_domain %q: Function Compute takes host names in lower case; write custom_domain %q.", d.Name, low))
	} else if err := fcspec.CheckDomainName(d.Name); err != nil {
		c.l.errorAt(label, "Invalid custom domain name", fmt.Sprintf("custom_domain %s.", err))
	}
	c.protocol(in)
	c.tls()
	c.routes()
	if d.CertFile != "" && d.KeyFile != "" {
		c.certificate()
	}
}

// protocol checks the protocol as written (FC's spelling) and fills in the
// default: HTTPS when a certificate is given, else HTTP.
func (c domainCheck) protocol(in domainInput) {
	d := c.d
	switch {
	case in.protocol == "" && c.has("protocol"):
		c.errorf("protocol", "Invalid protocol", "protocol is empty; write one of %s.", quoteList(fcspec.Protocols))
	case !slices.Contains(fcspec.Protocols, in.protocol) && in.protocol != "":
		c.errorf("protocol", "Invalid protocol", "protocol is %q; write one of %s.%s", in.protocol, quoteList(fcspec.Protocols), protocolHint(in.protocol))
		return // Protocol stays "": what depends on it is not checked
	case in.protocol != "":
		d.Protocol = in.protocol
	case d.CertFile != "":
		d.Protocol = fcspec.ProtocolHTTPS
	default:
		d.Protocol = fcspec.ProtocolHTTP
	}
	switch {
	case c.has("certificate") != c.has("private_key"):
		missing, given := "private_key", "certificate"
		if c.has("private_key") {
			missing, given = given, missing
		}
		c.errorf(given, "Incomplete certificate",
			"%s is set but %s is not: HTTPS needs both, as PEM files (paths relative to the stack directory). Add %s, or remove %s to serve HTTPS with a certificate the local gateway issues (Function Compute requires one).",
			given, missing, missing, given)
	case d.CertFile != "" && !fcspec.ServesHTTPS(d.Protocol):
		c.errorf("protocol", "Certificate without HTTPS",
			"protocol is %q, so the certificate would never be used. Write protocol = %q (or %q to also serve plain HTTP), or remove certificate and private_key.",
			d.Protocol, fcspec.ProtocolHTTPS, fcspec.ProtocolHTTPHTTPS)
	}
}

// protocolHint suggests FC's spelling of a protocol written in lower case
// or in another order.
func protocolHint(p string) string {
	parts := strings.Split(strings.ToUpper(strings.ReplaceAll(p, " ", "")), ",")
	slices.Sort(parts)
	if want := strings.Join(slices.Compact(parts), ","); slices.Contains(fcspec.Protocols, want) {
		return fmt.Sprintf(" Did you mean %q?", want)
	}
	return ""
}

func (c domainCheck) tls() {
	v := c.d.TLSMinVersion
	if !c.has("tls_min_version") {
		return
	}
	if !slices.Contains(fcspec.TLSVersions, v) {
		c.errorf("tls_min_version", "Invalid tls_min_version", "tls_min_version is %q; write one of %s.%s", v, quoteList(fcspec.TLSVersions), didYouMean(v, fcspec.TLSVersions))
		return
	}
	if c.d.Protocol != "" && !fcspec.ServesHTTPS(c.d.Protocol) {
		c.errorf("tls_min_version", "TLS version without HTTPS",
			"tls_min_version applies to HTTPS, but protocol is %q. Write protocol = %q (or %q), or remove tls_min_version.",
			c.d.Protocol, fcspec.ProtocolHTTPS, fcspec.ProtocolHTTPHTTPS)
	}
}

// routes checks each route and that no path repeats.
func (c domainCheck) routes() {
	d := c.d
	if len(d.Routes) == 0 {
		c.l.errorAt(d.DeclRange, "Custom domain without routes",
			fmt.Sprintf("custom_domain %q has no route, so it serves nothing. Add one: route { path = \"/*\"  function = function.chat }.", d.Name))
		return
	}
	byPath := map[string]int{}
	for i, r := range d.Routes {
		key := routeKey(i)
		owner := fmt.Sprintf("route %q", r.Path)
		if err := fcspec.CheckRoutePath(r.Path); err != nil {
			c.errorf(key+".path", "Invalid route path", "route path %s.", err)
		} else if first, dup := byPath[r.Path]; dup {
			c.errorf(key+".path", "Duplicate route path",
				"path %q is already routed at %s; each path of a domain goes to one function. Remove one route, or list every method it needs in one route's methods.",
				r.Path, d.Routes[first].DeclRange)
		} else {
			byPath[r.Path] = i
		}
		if len(r.Methods) == 0 {
			c.errorf(key+".methods", "Route without methods", "%s: methods is empty; list the methods it serves, such as [\"GET\"] (a WebSocket handshake is a GET).", owner)
			continue
		}
		r.Methods = c.methods(key+".methods", owner, "Invalid route method", r.Methods)
		if len(r.Methods) > 0 && !slices.Contains(r.Methods, "GET") {
			c.warnf(key+".methods", "Route does not allow GET",
				"%s allows %s but not GET: a WebSocket handshake is a GET request, so WebSocket clients cannot connect through it. Add \"GET\" if it serves WebSocket.",
				owner, strings.Join(r.Methods, ", "))
		}
	}
}

// quoteList is `"a", "b" or "c"`.
func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
