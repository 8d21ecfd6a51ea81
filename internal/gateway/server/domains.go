package server

import (
	"crypto/tls"
	"fmt"
	"net"
	"strings"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/controlapi"
	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
	"github.com/wsdeploy/wsdeploy/internal/gateway/localca"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// domains is the gateway's custom domain serving: the local CA, the
// router and its two listeners.
type domains struct {
	ca     *localca.CA
	router *dataplane.Domains
	plain  net.Listener
	secure net.Listener
}

// openDomains creates (once) the local CA and binds the listener pair of
// custom domains; serveDomains starts serving them.
func (g *Gateway) openDomains() (err error) {
	d := &domains{}
	if d.ca, err = localca.LoadOrCreate(g.cfg.StateDir); err != nil {
		return err
	}
	for _, addr := range []string{g.cfg.DomainListen, g.cfg.DomainTLSListen} {
		if host, _, _ := net.SplitHostPort(addr); !isLoopback(host) {
			g.cfg.Logger.Warn("custom domains are reachable beyond this machine: anyone who can reach them can call the functions they route to", "listen", addr)
		}
	}
	if d.plain, err = dataplane.Listen(g.cfg.DomainListen); err != nil {
		return fmt.Errorf("custom domains: cannot listen on %s (--domain-listen): %w", g.cfg.DomainListen, err)
	}
	g.domains = d // from here Shutdown closes what is open
	if d.secure, err = dataplane.Listen(g.cfg.DomainTLSListen); err != nil {
		d.plain.Close()
		return fmt.Errorf("custom domains: cannot listen on %s (--domain-tls-listen): %w", g.cfg.DomainTLSListen, err)
	}
	d.router = g.plane.Domains(d.ca.Leaf)
	return nil
}

// serveDomains serves every stored domain, then opens the listeners, and
// records their addresses and the CA's path in info.
func (g *Gateway) serveDomains(info *statedir.Info) error {
	d := g.domains
	token := ""
	for {
		ds, next, err := g.store.ListDomains(store.ListOptions{Limit: 100, NextToken: token})
		if err != nil {
			return err
		}
		for _, cd := range ds {
			if err := g.setDomain(cd); err != nil {
				return fmt.Errorf("cannot serve custom domain %s again: %w", dara.StringValue(cd.DomainName), err)
			}
		}
		if next == "" {
			break
		}
		token = next
	}
	d.router.Serve(d.plain, d.secure)
	info.DomainAddress = d.plain.Addr().String()
	info.DomainTLSAddress = d.secure.Addr().String()
	info.CACertificate = d.ca.Path()
	return nil
}

// domainEvent applies a committed change of a custom domain. It runs
// under the domain's lock in the control API, so changes arrive in order.
func (g *Gateway) domainEvent(e controlapi.Event) error {
	if e.Kind == controlapi.DomainDeleted {
		g.domains.router.Delete(e.Domain)
		return nil
	}
	cd, err := g.store.GetDomain(e.Domain)
	if err != nil {
		return err
	}
	return g.setDomain(cd)
}

func (g *Gateway) setDomain(cd *fc.CustomDomain) error {
	d, err := domainSpec(cd)
	if err != nil {
		return err
	}
	return g.domains.router.Set(d)
}

// domainSpec translates a stored domain, which the control API checked,
// into the data plane's terms.
func domainSpec(cd *fc.CustomDomain) (dataplane.Domain, error) {
	protocol := dara.StringValue(cd.Protocol)
	d := dataplane.Domain{
		Name:  dara.StringValue(cd.DomainName),
		HTTP:  fcspec.ServesHTTP(protocol),
		HTTPS: fcspec.ServesHTTPS(protocol),
	}
	if cc := cd.CertConfig; cc != nil {
		pair, err := tls.X509KeyPair([]byte(dara.StringValue(cc.Certificate)), []byte(dara.StringValue(cc.PrivateKey)))
		if err != nil {
			return d, fmt.Errorf("its certificate: %v", err)
		}
		d.Cert = &pair
	}
	if t := cd.TlsConfig; t != nil {
		d.MinVersion = tlsVersions[dara.StringValue(t.MinVersion)]
		d.MaxVersion = tlsVersions[dara.StringValue(t.MaxVersion)]
		for _, s := range t.CipherSuites {
			if id, ok := controlapi.CipherSuite(dara.StringValue(s)); ok {
				d.CipherSuites = append(d.CipherSuites, id)
			}
		}
	}
	if rc := cd.RouteConfig; rc != nil {
		for _, r := range rc.Routes {
			rt := dataplane.DomainRoute{Path: dara.StringValue(r.Path), Function: dara.StringValue(r.FunctionName)}
			for _, m := range r.Methods {
				rt.Methods = append(rt.Methods, strings.ToUpper(dara.StringValue(m)))
			}
			d.Routes = append(d.Routes, rt)
		}
	}
	return d, nil
}

// tlsVersions maps tlsConfig's names to crypto/tls's ("": 0, the default).
var tlsVersions = map[string]uint16{
	fcspec.TLSv10: tls.VersionTLS10,
	fcspec.TLSv11: tls.VersionTLS11,
	fcspec.TLSv12: tls.VersionTLS12,
	fcspec.TLSv13: tls.VersionTLS13,
}

// closeDomains stops the listeners; tunnels end with the plane.
func (g *Gateway) closeDomains() error {
	d := g.domains
	if d == nil {
		return nil
	}
	if d.router != nil {
		if err := d.router.Close(); err != nil {
			return err
		}
	}
	// Listeners never served (a start that failed half-way).
	d.plain.Close()
	if d.secure != nil {
		d.secure.Close()
	}
	return nil
}
