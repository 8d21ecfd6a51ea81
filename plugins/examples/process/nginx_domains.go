package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// renderDomains writes the custom domains' servers: a default server on
// each listener refuses unknown hosts (404 over HTTP; over TLS the
// handshake, since there is no certificate to show), then each domain on
// the listeners its protocol names, with its routes.
func renderDomains(b *strings.Builder, st store, recs []*record, domains []*sdk.CustomDomain, ports domainPorts) {
	fns := map[string]*record{}
	for _, r := range recs {
		fns[r.Function.Name] = r
	}
	fmt.Fprintf(b, "\n  # custom domains: unknown hosts\n  server {\n    listen 127.0.0.1:%d default_server;\n    return 404;\n  }\n", ports.HTTP)
	fmt.Fprintf(b, "  server {\n    listen 127.0.0.1:%d ssl default_server;\n    ssl_reject_handshake on;\n  }\n", ports.HTTPS)
	for _, d := range domains {
		if fcspec.ServesHTTP(d.Protocol) {
			fmt.Fprintf(b, "\n  # custom domain %q\n  server {\n    listen 127.0.0.1:%d;\n    server_name %s;\n", d.Name, ports.HTTP, d.Name)
			routes(b, d, fns)
			b.WriteString("  }\n")
		}
		if fcspec.ServesHTTPS(d.Protocol) && d.Cert != nil {
			fmt.Fprintf(b, "\n  # custom domain %q, HTTPS\n  server {\n    listen 127.0.0.1:%d ssl;\n    server_name %s;\n", d.Name, ports.HTTPS, d.Name)
			fmt.Fprintf(b, "    ssl_certificate %s;\n    ssl_certificate_key %s;\n    ssl_protocols %s;\n", st.domainCertPath(d.Name), st.domainKeyPath(d.Name), strings.Join(sslProtocols(d.TLS), " "))
			routes(b, d, fns)
			b.WriteString("  }\n")
		}
	}
}

// routes are a domain's locations: "/p" exact, "/p/*" the prefix "/p/"
// (nginx, like FC, takes an exact match first, then the longest prefix);
// a path given twice is served by its first route, as FC's first match
// wins among equals. A route to a function that does not exist, or a path
// no route matches, answers 404.
func routes(b *strings.Builder, d *sdk.CustomDomain, fns map[string]*record) {
	seen := map[string]bool{}
	for _, rt := range d.Routes {
		if seen[rt.Path] {
			continue
		}
		seen[rt.Path] = true
		loc := "= " + rt.Path
		if prefix, ok := strings.CutSuffix(rt.Path, "*"); ok {
			loc = "^~ " + prefix
		}
		fmt.Fprintf(b, "    location %s {\n", loc)
		if r := fns[rt.Function]; r != nil {
			proxy(b, r, rt.Methods)
		} else {
			fmt.Fprintf(b, "      return 404; # function %q does not exist\n", rt.Function)
		}
		b.WriteString("    }\n")
	}
	if !seen["/*"] {
		b.WriteString("    location / {\n      return 404;\n    }\n")
	}
}

// sslProtocols is nginx's list for a TLS policy: FC's minimum (TLSv1.2)
// and maximum (TLSv1.3) unless the policy names others.
func sslProtocols(t *sdk.TLS) []string {
	lo, hi := fcspec.DefaultTLSMinVersion, fcspec.DefaultTLSMaxVersion
	if t != nil && t.MinVersion != "" {
		lo = t.MinVersion
	}
	if t != nil && t.MaxVersion != "" {
		hi = t.MaxVersion
	}
	i, j := slices.Index(fcspec.TLSVersions, lo), slices.Index(fcspec.TLSVersions, hi)
	var out []string
	for _, v := range fcspec.TLSVersions[i : j+1] {
		out = append(out, strings.Replace(v, "TLSv1.0", "TLSv1", 1))
	}
	return out
}
