package smoke

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/testcert"
	"github.com/wsdeploy/wsdeploy/providers"
)

// domainStack routes GET /ws/* of chat.example.test to chat, and only
// POST of hooks.example.test to it.
func domainStack() *config.Stack {
	s := testStack()
	chat := s.Functions[1]
	s.Domains = []*config.CustomDomain{
		{Name: "chat.example.test", Protocol: "HTTPS", Routes: []*config.Route{
			{Path: "/api", Function: s.Functions[0], Methods: []string{"GET"}},
			{Path: "/ws/*", Function: chat, Methods: []string{"GET"}}}},
		{Name: "hooks.example.test", Protocol: "HTTP", Routes: []*config.Route{
			{Path: "/in", Function: chat, Methods: []string{"POST"}}}},
		{Name: "plain.example.test", Protocol: "HTTP", Routes: []*config.Route{
			{Path: "/*", Function: chat}}},
	}
	return s
}

func domainLabels(ts []Target) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Function+" "+t.Via()+" "+t.URL)
	}
	return strings.Join(out, "\n")
}

// A function a custom domain routes GET to is also checked there, at the
// URL a browser would open; a route without GET is not a way in; in
// "changed" mode an untouched function is checked through a domain apply
// changed, and only there.
func TestDomainTargets(t *testing.T) {
	got, err := Targets(domainStack(), testURLs, Selection{Mode: ModeAll, Only: []string{"chat"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "chat trigger ws http://127.0.0.1:2/\n" +
		"chat custom domain chat.example.test wss://chat.example.test/ws/\n" +
		"chat custom domain plain.example.test ws://plain.example.test/"
	if domainLabels(got) != want {
		t.Fatalf("targets:\n%s\nwant:\n%s", domainLabels(got), want)
	}
	for _, tg := range got[1:] {
		if tg.AuthType != "anonymous" || tg.Sign != nil || tg.Smoke.Send != "ping" {
			t.Errorf("%s: auth %q, signer %v, smoke %+v", tg.Via(), tg.AuthType, tg.Sign != nil, tg.Smoke)
		}
	}

	sel := Selection{Mode: ModeChanged, Domains: map[string]Change{"plain.example.test": {Kind: Created, At: time.Now()}}}
	got, err = Targets(domainStack(), testURLs, sel)
	if err != nil {
		t.Fatal(err)
	}
	if want := "chat custom domain plain.example.test ws://plain.example.test/"; domainLabels(got) != want || got[0].Change.Kind != Created {
		t.Fatalf("changed domain only:\n%s\nwant %s (created)", domainLabels(got), want)
	}

	// A function reachable only through a domain can be named.
	s := domainStack()
	s.Functions[1].Triggers = nil
	if _, err := Targets(s, testURLs, Selection{Mode: ModeAll, Only: []string{"chat"}}); err != nil {
		t.Fatalf("a function behind a custom domain only: %v", err)
	}
}

// tlsEcho is a WebSocket echo server over TLS with cert, standing in for
// a target's custom-domain listener; it records the Host and server name
// each handshake carried.
func tlsEcho(t *testing.T, cert tls.Certificate) (addr string, seen chan string) {
	t.Helper()
	seen = make(chan string, 16)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- r.Host + " " + r.TLS.ServerName + " " + r.URL.Path
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		echoAll(c, r)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String(), seen
}

func domainTarget(endpoint *providers.DomainEndpoint, certPEM string) Target {
	return Target{Function: "chat", FCName: "chat", URL: "wss://chat.example.test/ws/", AuthType: "anonymous",
		Smoke:  config.Smoke{Enabled: true, Send: "hi", Expect: "hi", Timeout: 5 * time.Second},
		Domain: &DomainRoute{Host: "chat.example.test", Path: "/ws/*", Endpoint: endpoint, Certificate: certPEM}}
}

// Through the endpoint the check verifies TLS as a browser at
// chat.example.test would: against the endpoint's CA (or the domain's
// own certificate), for the domain's name, sent as Host and SNI. A
// certificate from another CA or for another name fails at once, with
// a hint about the domain's certificate, instead of being waited on.
func TestDomainCheckVerifiesTheCertificate(t *testing.T) {
	ca := testcert.NewCA(t)
	issue := func(host string) tls.Certificate { return ca.Issue(t, []string{host}, -time.Hour, time.Hour).TLS(t) }
	addr, seen := tlsEcho(t, issue("chat.example.test"))

	r, _ := runOne(t, domainTarget(&providers.DomainEndpoint{HTTPS: addr, CACertificate: ca.PEM}, ""), Options{})
	want(t, r, OK)
	if r.Domain != "chat.example.test" || r.Via() != "custom domain chat.example.test" {
		t.Errorf("result names %q, via %q", r.Domain, r.Via())
	}
	if got := <-seen; got != "chat.example.test chat.example.test /ws/" {
		t.Errorf("the listener saw host, SNI, path %q", got)
	}

	// The domain's own certificate is trusted as given.
	own := testcert.Valid(t, "chat.example.test")
	selfAddr, _ := tlsEcho(t, own.TLS(t))
	r, _ = runOne(t, domainTarget(&providers.DomainEndpoint{HTTPS: selfAddr}, own.Cert), Options{})
	want(t, r, OK)

	other := testcert.NewCA(t)
	r, took := runOne(t, domainTarget(&providers.DomainEndpoint{HTTPS: addr, CACertificate: other.PEM}, ""), Options{})
	want(t, r, Failed, `custom domain "chat.example.test"`, "not trusted")
	if r.Attempts != 1 {
		t.Errorf("an untrusted certificate was retried: %d attempts in %s", r.Attempts, took)
	}

	wrongAddr, _ := tlsEcho(t, issue("other.example.test"))
	r, _ = runOne(t, domainTarget(&providers.DomainEndpoint{HTTPS: wrongAddr, CACertificate: ca.PEM}, ""), Options{})
	want(t, r, Failed, "not trusted")
}

// An endpoint without the listener the URL needs is a clear error.
func TestDomainWithoutListener(t *testing.T) {
	tg := domainTarget(&providers.DomainEndpoint{}, "")
	tg.Smoke.Timeout = 300 * time.Millisecond
	r, _ := runOne(t, tg, Options{})
	want(t, r, Unreachable, "no HTTPS listener for custom domains")
}
