package smoke

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// DomainRoute is how a check reaches its function through a custom domain:
// the URL a browser would open (wss://chat.example.com/ws), dialled through
// DNS on FC, or through the target's domain listener when the provider
// says where it is (the local gateway: providers.Info.Domains).
type DomainRoute struct {
	Host string // the domain
	Path string // the route's path as declared ("/ws", "/api/*")
	// Endpoint is where the domain answers outside DNS; nil: DNS.
	Endpoint *providers.DomainEndpoint
	// Certificate is the domain's own PEM certificate. With an Endpoint it
	// is trusted besides the system's roots and the endpoint's CA, so a
	// self-signed certificate works locally; on FC only the system's roots
	// are, as a browser's would be.
	Certificate string
}

// domainTargets lists the custom-domain checks of function f: one per
// domain with a route to f that allows GET, through the first such route.
// Custom domains are anonymous (wsdeploy sets no authConfig), so nothing
// is signed.
func domainTargets(stack *config.Stack, f *config.Function, base Target, sel Selection) []Target {
	var out []Target
	for _, d := range stack.Domains {
		r := smokeRoute(d, f)
		if r == nil {
			continue
		}
		t := base
		t.Trigger, t.AuthType, t.Sign = "", fcspec.AuthAnonymous, nil
		t.URL = domainURL(d, r.Path)
		t.Change = sel.Domains[d.Name]
		t.Domain = &DomainRoute{Host: d.Name, Path: r.Path, Endpoint: sel.Endpoint, Certificate: d.Certificate}
		out = append(out, t)
	}
	return out
}

// smokeRoute is the first route of d to f that a WebSocket handshake may
// take (GET, or every method when the route lists none).
func smokeRoute(d *config.CustomDomain, f *config.Function) *config.Route {
	for _, r := range d.Routes {
		if r.Function == f && (len(r.Methods) == 0 || slices.Contains(r.Methods, http.MethodGet)) {
			return r
		}
	}
	return nil
}

// domainURL is the WebSocket URL of a route: wss:// when the domain serves
// HTTPS, and the route's path with a final '*' (any rest) left out.
func domainURL(d *config.CustomDomain, path string) string {
	scheme := "ws"
	if fcspec.ServesHTTPS(d.Protocol) {
		scheme = "wss"
	}
	return scheme + "://" + d.Name + strings.TrimSuffix(path, "*")
}

// domainTransport is base sending t's handshakes to its domain's endpoint:
// the connection goes to the listener, while the URL, the Host header and
// the TLS server name stay the domain's, so the certificate is verified
// against the domain's name as a browser would.
func domainTransport(base *http.Transport, d *DomainRoute) (*http.Transport, error) {
	tr := base.Clone()
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if e := d.Endpoint; e != nil {
		for _, pem := range [][]byte{e.CACertificate, []byte(d.Certificate)} {
			if len(pem) > 0 && !roots.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("the certificate to trust for custom domain %q holds no PEM certificate", d.Host)
			}
		}
		var dialer net.Dialer
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			to, scheme := e.HTTP, "HTTP"
			if _, port, _ := net.SplitHostPort(addr); port == "443" {
				to, scheme = e.HTTPS, "HTTPS"
			}
			if to == "" {
				return nil, fmt.Errorf("the target has no %s listener for custom domains", scheme)
			}
			return dialer.DialContext(ctx, network, to)
		}
	}
	tr.TLSClientConfig = &tls.Config{RootCAs: roots, ServerName: d.Host}
	return tr, nil
}
