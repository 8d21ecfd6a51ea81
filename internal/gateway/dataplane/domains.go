package dataplane

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Domain is one custom domain as the data plane serves it. In FC 3.0 a
// custom domain reaches a function directly, without its HTTP trigger: a
// trigger's disableURLInternet or methods do not apply to it.
type Domain struct {
	Name  string // lower case
	HTTP  bool   // served on the plain listener
	HTTPS bool   // served on the TLS listener
	// Cert is the domain's own certificate; nil has the Domains' Issuer
	// issue one (the gateway's local CA).
	Cert         *tls.Certificate
	MinVersion   uint16 // tls.VersionTLS12...; 0: DefaultTLSMinVersion
	MaxVersion   uint16 // 0: the newest
	CipherSuites []uint16
	Routes       []DomainRoute // in the order the API lists them
}

// DomainRoute maps a path of a domain to a function (FC's PathConfig).
type DomainRoute struct {
	Path     string
	Function string
	Methods  []string // empty: every method
}

// DefaultTLSMinVersion is the minimum TLS version of a domain that names
// none (fcspec.DefaultTLSMinVersion).
const DefaultTLSMinVersion = tls.VersionTLS12

// Domains serves every custom domain of the plane on one plain listener
// and one TLS listener, routing by Host and path as FC does. Create it
// with Plane.Domains.
type Domains struct {
	p     *Plane
	issue func(host string) (*tls.Certificate, error)

	mu    sync.Mutex // serialises writers of table
	table atomic.Pointer[map[string]*servedDomain]

	srvs []*http.Server
}

// servedDomain is a Domain with its routes' functions resolved.
type servedDomain struct {
	Domain
	paths []string
	fns   []*function
}

// Domains returns the plane's custom domain router. issue returns the
// certificate of a domain that has none of its own.
func (p *Plane) Domains(issue func(host string) (*tls.Certificate, error)) *Domains {
	d := &Domains{p: p, issue: issue}
	d.table.Store(&map[string]*servedDomain{})
	return d
}

// Set serves d from now on, replacing the domain of the same name.
func (ds *Domains) Set(d Domain) error {
	if err := fcspec.CheckDomainName(d.Name); err != nil {
		return fmt.Errorf("custom domain: name %w", err)
	}
	sd := &servedDomain{Domain: d}
	ds.p.mu.Lock()
	if ds.p.closed {
		ds.p.mu.Unlock()
		return ErrClosed
	}
	for _, r := range d.Routes {
		sd.paths = append(sd.paths, r.Path)
		sd.fns = append(sd.fns, ds.p.functionLocked(r.Function)) // functions are never forgotten
	}
	ds.p.mu.Unlock()
	ds.update(func(m map[string]*servedDomain) { m[d.Name] = sd })
	return nil
}

// Delete stops serving a domain at once.
func (ds *Domains) Delete(name string) {
	ds.update(func(m map[string]*servedDomain) { delete(m, name) })
}

// update replaces the table with a changed copy: requests read it without
// a lock.
func (ds *Domains) update(change func(map[string]*servedDomain)) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	m := make(map[string]*servedDomain, len(*ds.table.Load())+1)
	for k, v := range *ds.table.Load() {
		m[k] = v
	}
	change(m)
	ds.table.Store(&m)
}

// lookup finds the domain of host: its own, else a wildcard domain
// ("*.example.com") one label above it, as a TLS wildcard matches
// (FC's wildcard domains; whether they match deeper names is
// unconfirmed).
func (ds *Domains) lookup(host string) *servedDomain {
	m := *ds.table.Load()
	if d := m[host]; d != nil {
		return d
	}
	if _, parent, ok := strings.Cut(host, "."); ok && strings.Contains(parent, ".") {
		return m["*."+parent]
	}
	return nil
}

// hostName is the domain a request's Host or a TLS server name names:
// without the port or a final dot, lower case.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.ToLower(strings.TrimSuffix(host, "."))
}

// Serve serves the domains on the plain listener and the TLS listener
// (either may be nil) until Close.
func (ds *Domains) Serve(plain, secure net.Listener) {
	// The plane's connection cap counts domain connections too, tunnels
	// included.
	if plain != nil {
		ds.serve(capListener{plain, ds}, false)
	}
	if secure != nil {
		ds.serve(tls.NewListener(capListener{secure, ds}, &tls.Config{GetConfigForClient: ds.tlsConfig}), true)
	}
}

func (ds *Domains) serve(ln net.Listener, secure bool) {
	srv := &http.Server{
		// takeBody sets its deadline on a plain connection's socket.
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ds.serveHTTP(w, r, secure) }),
		MaxHeaderBytes:    maxHeaderBytes,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(ds.p.cfg.Logger.Handler(), slog.LevelDebug),
		// HTTP/1.1 only: a WebSocket handshake is an HTTP/1.1 upgrade,
		// and the tunnel takes the connection over.
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
	}
	ds.mu.Lock()
	ds.srvs = append(ds.srvs, srv)
	ds.mu.Unlock()
	go func() { _ = srv.Serve(ln) }() // ends with ErrServerClosed on close
}

// The custom domains' listeners count against the plane's cap only: FC
// documents no cap per domain.
func (ds *Domains) admit() *Failure  { return ds.p.admitConn() }
func (ds *Domains) release()         { ds.p.conns.give(1) }
func (ds *Domains) pressed() bool    { return ds.p.conns.pressed() }
func (ds *Domains) plane() *Plane    { return ds.p }
func (ds *Domains) counted(*Failure) {} // no function to count it for

// Close stops both listeners and drops the connections that are not
// upgraded, as Plane.Close does a trigger's; tunnels belong to their
// instances.
func (ds *Domains) Close() error {
	ds.mu.Lock()
	srvs := ds.srvs
	ds.srvs = nil
	ds.mu.Unlock()
	var errs []error
	for _, s := range srvs {
		if err := s.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// tlsConfig picks the certificate and TLS policy by the server name the
// client sends (SNI). A name that is no HTTPS domain fails the handshake:
// there is no certificate to show for it.
func (ds *Domains) tlsConfig(hello *tls.ClientHelloInfo) (*tls.Config, error) {
	name := hostName(hello.ServerName)
	d := ds.lookup(name)
	switch {
	case hello.ServerName == "":
		return nil, errors.New("the client sent no server name (SNI): connect with the custom domain's name")
	case d == nil:
		return nil, fmt.Errorf("%s is not a custom domain of this gateway", name)
	case !d.HTTPS:
		return nil, fmt.Errorf("custom domain %s does not serve HTTPS (its protocol is HTTP)", name)
	}
	cert := d.Cert
	if cert == nil {
		var err error
		if cert, err = ds.issue(name); err != nil {
			return nil, fmt.Errorf("custom domain %s: cannot issue a certificate: %w", name, err)
		}
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{*cert},
		MinVersion:   d.MinVersion,
		MaxVersion:   d.MaxVersion,
		CipherSuites: d.CipherSuites,
		NextProtos:   []string{"http/1.1"},
	}
	if cfg.MinVersion == 0 {
		cfg.MinVersion = DefaultTLSMinVersion
	}
	return cfg, nil
}

// serveHTTP routes a request by Host and path, checks it as FC checks a
// request through a custom domain, then serves it as a trigger request.
func (ds *Domains) serveHTTP(w http.ResponseWriter, r *http.Request, secure bool) {
	p := ds.p
	now := p.clock.Now()
	reqID, seq := p.ids.next()
	w.Header().Set(headerRequestID, reqID)
	host := hostName(r.Host)
	d := ds.lookup(host)
	if d == nil {
		fail(fcspec.CodeDomainNameNotFound, "domain name '%s' does not exist: create it with CreateCustomDomain (wsdeploy: a custom_domain block)", host).answer(w, r)
		return
	}
	if secure && !d.HTTPS || !secure && !d.HTTP {
		scheme := map[bool]string{false: "HTTP", true: "HTTPS"}[secure]
		fail(fcspec.CodeAccessDenied, "custom domain %s does not serve %s: its protocol does not include it", host, scheme).answer(w, r)
		return
	}
	i := fcspec.MatchRoute(d.paths, r.URL.Path)
	if i < 0 {
		fail(fcspec.CodeRouteNotFound, "no route of custom domain %s matches path %s (routes: %s)", host, r.URL.Path, strings.Join(d.paths, ", ")).answer(w, r)
		return
	}
	rt, fn := d.Routes[i], d.fns[i]
	if len(rt.Methods) > 0 && !slices.Contains(rt.Methods, r.Method) {
		msg := "method %s is not allowed by route %s of custom domain %s (it allows %s)"
		if !slices.Contains(rt.Methods, http.MethodGet) {
			msg += "; a WebSocket handshake is a GET request, so a WebSocket route must allow GET"
		}
		p.refuse(w, r, &fn.stats, fail(fcspec.CodeMethodNotAllowed, msg, r.Method, rt.Path, host, strings.Join(rt.Methods, ", ")))
		return
	}
	if fl := upgradeWithBody(r); fl != nil {
		p.refuse(w, r, &fn.stats, fl)
		return
	}
	if fl := p.checkLimits(r); fl != nil {
		p.refuse(w, r, &fn.stats, fl)
		return
	}
	p.serveFunction(w, r, fn, reqID, seq, now, "custom domain "+strconv.Quote(host)+" route "+strconv.Quote(rt.Path))
}
