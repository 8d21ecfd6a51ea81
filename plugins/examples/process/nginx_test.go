package main

import (
	"os"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

// Each trigger is a server on its own loopback port that proxies WebSocket
// upgrades to its function and refuses other methods.
func TestNginxConfiguration(t *testing.T) {
	n := &nginx{path: "/nonexistent/nginx", dir: "/state/nginx"}
	r := &record{Function: &sdk.Function{Name: "chat", Timeout: 300}, Port: 4100, Triggers: map[string]*triggerRec{
		"ws":  {Trigger: &sdk.HTTPTrigger{Name: "ws", Methods: []string{"GET"}}, Port: 4200},
		"api": {Trigger: &sdk.HTTPTrigger{Name: "api", Methods: []string{"GET", "POST"}}, Port: 4201},
	}}
	conf, ports, err := n.render([]*record{r}, nil, domainPorts{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ports) != 2 || ports[0] != 4201 || ports[1] != 4200 {
		t.Errorf("ports %v, want the triggers' by name: [4201 4200]", ports)
	}
	s := string(conf)
	for _, want := range []string{
		"pid /state/nginx/nginx.pid;",
		"listen 127.0.0.1:4200;", "listen 127.0.0.1:4201;",
		"limit_except GET {", "limit_except GET POST {",
		"proxy_pass http://127.0.0.1:4100;",
		"proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;",
		"proxy_read_timeout 300s;",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("configuration lacks %q:\n%s", want, s)
		}
	}
}

// Custom domains are servers on the two domain listeners, chosen by name,
// with a location per route (exact, or prefix for a wildcard) and 404 for
// the rest; HTTPS with the domain's certificate and TLS versions.
func TestNginxDomainConfiguration(t *testing.T) {
	n := &nginx{path: "/nonexistent/nginx", dir: "/state/nginx", st: store{dir: "/state"}}
	r := &record{Function: &sdk.Function{Name: "chat", Timeout: 300}, Port: 4100}
	d := &sdk.CustomDomain{Name: "chat.example.test", Protocol: "HTTP,HTTPS",
		Cert: &sdk.Certificate{Name: "c", Certificate: "PEM"}, TLS: &sdk.TLS{MinVersion: "TLSv1.1"},
		Routes: []*sdk.Route{
			{Path: "/ws", Function: "chat", Methods: []string{"GET"}},
			{Path: "/api/*", Function: "gone"},
			{Path: "/ws", Function: "other"}, // a second route for a path: the first wins
		}}
	conf, ports, err := n.render([]*record{r}, []*sdk.CustomDomain{d}, domainPorts{HTTP: 4300, HTTPS: 4301})
	if err != nil {
		t.Fatal(err)
	}
	if len(ports) != 2 || ports[0] != 4300 || ports[1] != 4301 {
		t.Errorf("ports %v, want the domain listeners [4300 4301]", ports)
	}
	s := string(conf)
	for _, want := range []string{
		"listen 127.0.0.1:4300 default_server;\n    return 404;",
		"listen 127.0.0.1:4301 ssl default_server;\n    ssl_reject_handshake on;",
		"listen 127.0.0.1:4300;\n    server_name chat.example.test;",
		"listen 127.0.0.1:4301 ssl;\n    server_name chat.example.test;",
		"ssl_certificate /state/domains/chat.example.test.crt;", "ssl_certificate_key /state/domains/chat.example.test.key;",
		"ssl_protocols TLSv1.1 TLSv1.2 TLSv1.3;",
		"location = /ws {\n      limit_except GET {", "proxy_pass http://127.0.0.1:4100;",
		"location ^~ /api/ {\n      return 404; # function \"gone\" does not exist",
		"location / {\n      return 404;",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("configuration lacks %q:\n%s", want, s)
		}
	}
	if c := strings.Count(s, "location = /ws"); c != 2 { // one per listener
		t.Errorf("location = /ws appears %d times, want 2 (the second route for /ws is shadowed):\n%s", c, s)
	}
}

// The private key is kept in a file only its owner reads, and never in
// what a read returns.
func TestDomainKeyStaysPrivate(t *testing.T) {
	st := store{dir: t.TempDir()}
	d := &sdk.CustomDomain{Name: "chat.example.test", Protocol: "HTTPS",
		Cert: &sdk.Certificate{Name: "c", Certificate: "CERT", PrivateKey: "SECRET KEY"}}
	if _, err := st.putDomain(d); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(st.domainKeyPath(d.Name))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, %v; want mode 0600", fi, err)
	}
	got, err := st.getDomain(d.Name)
	if err != nil || got.Cert == nil || got.Cert.PrivateKey != "" || got.Cert.Certificate != "CERT" {
		t.Errorf("read back %+v, %v; want the certificate without its key", got, err)
	}
	if b, _ := os.ReadFile(st.domainPath(d.Name)); strings.Contains(string(b), "SECRET") {
		t.Errorf("the domain's JSON holds the key:\n%s", b)
	}
}
