package config

import (
	"encoding/json"
	"encoding/pem"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// withDomain is the function "chat" of fn and a custom_domain block.
func withDomain(label, body string) string {
	return fn("") + "custom_domain " + label + " {\n" + body + "\n}\n"
}

// wsRoute is a valid route to function "chat".
const wsRoute = `  route {
    path     = "/ws"
    function = function.chat
  }`

// httpsDomain is a custom_domain with the certificate of the stack's
// cert.pem and key.pem, and extra attributes.
func httpsDomain(extra string) string {
	return withDomain(`"chat.example.com"`, `  certificate = "cert.pem"
  private_key = "key.pem"
`+extra+wsRoute)
}

// domainRules break the custom_domain rules: each is reported once, at the
// marker, with what to do next. Certificates are issued for the test.
func domainRules(t testing.TB) []ruleCase {
	good := goodCert(t, "chat.example.com")
	other := goodCert(t, "other.example.com")
	encrypted := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED"}, Bytes: []byte{1}}))
	return []ruleCase{
		{name: "upper-case host", summary: "Invalid custom domain name", detail: `write custom_domain "chat.example.com"`,
			src: withDomain(`⟪"Chat.Example.com"`, wsRoute)},
		{name: "one-label host", summary: "Invalid custom domain name", detail: "at least two labels",
			src: withDomain(`⟪"localhost"`, wsRoute)},
		{name: "protocol in lower case", summary: "Invalid protocol", detail: `Did you mean "HTTPS"?`,
			src: withDomain(`"chat.example.com"`, `  protocol = ⟪"https"
`+wsRoute)},
		{name: "protocols in another order", summary: "Invalid protocol", detail: `Did you mean "HTTP,HTTPS"?`,
			src: withDomain(`"chat.example.com"`, `  protocol = ⟪"HTTPS, HTTP"
`+wsRoute)},
		{name: "certificate without key", summary: "Incomplete certificate", detail: "Add private_key",
			src: withDomain(`"chat.example.com"`, `  certificate = ⟪"cert.pem"
`+wsRoute), files: good.files()},
		{name: "key without certificate", summary: "Incomplete certificate", detail: "Add certificate",
			src: withDomain(`"chat.example.com"`, `  private_key = ⟪"key.pem"
`+wsRoute), files: good.files()},
		{name: "certificate on HTTP", summary: "Certificate without HTTPS", detail: `Write protocol = "HTTPS"`,
			src: httpsDomain(`  protocol    = ⟪"HTTP"
`), files: good.files()},
		{name: "TLS version spelling", summary: "Invalid tls_min_version", detail: `Did you mean "TLSv1.2"?`,
			src: httpsDomain(`  tls_min_version = ⟪"TLS1.2"
`), files: good.files()},
		{name: "TLS version on HTTP", summary: "TLS version without HTTPS", detail: "applies to HTTPS",
			src: withDomain(`"chat.example.com"`, `  tls_min_version = ⟪"TLSv1.2"
`+wsRoute)},
		{name: "no route", summary: "Custom domain without routes", detail: "serves nothing",
			src: fn("") + "⟪custom_domain \"chat.example.com\" {\n  protocol = \"HTTP\"\n}\n"},
		{name: "route path without slash", summary: "Invalid route path", detail: "starts with '/'",
			src: withDomain(`"chat.example.com"`, `  route {
    path     = ⟪"ws"
    function = function.chat
  }`)},
		{name: "wildcard inside a path", summary: "Invalid route path", detail: "may only end a route path",
			src: withDomain(`"chat.example.com"`, `  route {
    path     = ⟪"/a/*/b"
    function = function.chat
  }`)},
		{name: "path routed twice", summary: "Duplicate route path", detail: `path "/ws" is already routed at`,
			src: withDomain(`"chat.example.com"`, wsRoute+`
  route {
    path     = ⟪"/ws"
    function = function.chat
    methods  = ["GET", "POST"]
  }`)},
		{name: "no methods", summary: "Route without methods", detail: `such as ["GET"]`,
			src: withDomain(`"chat.example.com"`, `  route {
    path     = "/ws"
    function = function.chat
    methods  = ⟪[]
  }`)},
		{name: "lower-case method", summary: "Invalid route method", detail: `must be written in upper case: "GET"`,
			src: withDomain(`"chat.example.com"`, `  route {
    path     = "/ws"
    function = function.chat
    methods  = ⟪["get"]
  }`)},
		{name: "unknown function", summary: "Reference to undeclared function", detail: `Did you mean "chat"?`,
			src: withDomain(`"chat.example.com"`, `  route {
    path     = "/ws"
    function = ⟪function.caht
  }`)},
		{name: "function as a string", summary: "Invalid route function", detail: "without quotes: function = function.chat.",
			src: withDomain(`"chat.example.com"`, `  route {
    path     = "/ws"
    function = ⟪"chat"
  }`)},
		{name: "function attribute", summary: "Invalid route function", detail: "function = function.chat.",
			src: withDomain(`"chat.example.com"`, `  route {
    path     = "/ws"
    function = ⟪function.chat.name
  }`)},
		{name: "domain twice", summary: `Duplicate custom_domain "chat.example.com"`, detail: "already declared",
			src: withDomain(`"chat.example.com"`, wsRoute) + "custom_domain ⟪\"chat.example.com\" {\n" + wsRoute + "\n}\n"},
		{name: "certificate file missing", summary: "Cannot read certificate", detail: "no such file",
			src: httpsDomain(""), files: map[string]string{"key.pem": good.key}},
		{name: "certificate not PEM", summary: "Invalid certificate", detail: "holds no PEM certificate",
			src: httpsDomain(""), files: map[string]string{"cert.pem": "hello", "key.pem": good.key}},
		{name: "certificate and key swapped", summary: "Invalid certificate", detail: "swap certificate and private_key",
			src: httpsDomain(""), files: map[string]string{"cert.pem": good.key, "key.pem": good.cert}},
		{name: "encrypted key", summary: "Invalid private key", detail: "needs it unencrypted",
			src: httpsDomain(""), files: map[string]string{"cert.pem": good.cert, "key.pem": encrypted}},
		{name: "key of another certificate", summary: "Private key does not match the certificate", detail: "for chat.example.com",
			src: httpsDomain(""), files: map[string]string{"cert.pem": good.cert, "key.pem": other.key}},
		{name: "certificate for another host", summary: "Certificate does not cover the domain", detail: "is for other.example.com, not chat.example.com",
			src: httpsDomain(""), files: other.files()},
		{name: "expired certificate", summary: "Expired certificate", detail: "Renew it",
			src: httpsDomain(""), files: makeCert(t, []string{"chat.example.com"}, -48*time.Hour, -time.Hour).files()},
		{name: "certificate not yet valid", summary: "Certificate not yet valid", detail: "valid from",
			src: httpsDomain(""), files: makeCert(t, []string{"chat.example.com"}, 24*time.Hour, 48*time.Hour).files()},
	}
}

// The marker sits on the certificate attribute for the certificate cases
// whose source is httpsDomain(""): where the problem is pointed at.
func markCertificate(tc ruleCase) ruleCase {
	if strings.Contains(tc.src, marker) {
		return tc
	}
	at := `"cert.pem"`
	if strings.Contains(tc.summary, "private key") || strings.Contains(tc.summary, "Private key") {
		at = `"key.pem"`
	}
	tc.src = strings.Replace(tc.src, at, marker+at, 1)
	return tc
}

func TestCustomDomainValidation(t *testing.T) {
	for _, tc := range domainRules(t) {
		tc := markCertificate(tc)
		t.Run(tc.name, func(t *testing.T) { checkOnly(t, tc, hcl.DiagError) })
	}
}

func TestCustomDomainWarnings(t *testing.T) {
	for _, tc := range []ruleCase{
		{name: "certificate expires soon", summary: "Certificate expires soon", detail: "Renew it before",
			src: httpsDomain(""), files: makeCert(t, []string{"chat.example.com"}, -time.Hour, 10*24*time.Hour).files()},
		{name: "route without GET", summary: "Route does not allow GET", detail: "WebSocket clients cannot connect through it",
			src: withDomain(`"chat.example.com"`, `  route {
    path     = "/api/*"
    function = function.chat
    methods  = ⟪["POST"]
  }`)},
		// A function reachable only through a domain is a WebSocket
		// function: its smoke block has something to test (no warning),
		// and a short timeout cuts its connections.
		{name: "short timeout behind a domain only", summary: "Short timeout for WebSocket", detail: "cuts every WebSocket connection after 30 s",
			src: `function "solo" {
  code    = "./src"
  command = ["./server"]
  timeout = ⟪30
  smoke {
    send   = "ping"
    expect = "pong"
  }
}
custom_domain "solo.example.com" {
  route {
    path     = "/ws"
    function = function.solo
  }
}
`},
		{name: "method twice", summary: "Duplicate method", detail: `route "/ws" lists GET twice`,
			src: withDomain(`"chat.example.com"`, `  route {
    path     = "/ws"
    function = function.chat
    methods  = ⟪["GET", "GET"]
  }`)},
	} {
		tc := markCertificate(tc)
		t.Run(tc.name, func(t *testing.T) { checkOnly(t, tc, hcl.DiagWarning) })
	}
}

// Domains decode sorted by host, with the certificate files read, routes
// in the order written pointing at their function, methods sorted and GET
// by default, and the protocol HTTPS when a certificate is given, else
// HTTP. HTTPS without a certificate is valid (the local gateway issues
// one). A wildcard certificate covers a host under it and the wildcard
// domain itself.
func TestCustomDomainDecode(t *testing.T) {
	cert := goodCert(t, "*.example.com")
	src := fn("") + `function "api" {
  code    = "./src"
  command = ["./server"]
  timeout = 600
  smoke {
    enabled = false
  }
}
locals {
  tls = "TLSv1.3"
}
custom_domain "chat.example.com" {
  certificate     = "cert.pem"
  private_key     = "key.pem"
  tls_min_version = local.tls
  route {
    path     = "/ws"
    function = function.chat
  }
  route {
    path     = "/api/*"
    function = function.api
    methods  = ["POST", "GET", "HEAD"]
  }
}
custom_domain "*.example.com" {
  protocol    = "HTTP,HTTPS"
  certificate = "cert.pem"
  private_key = "key.pem"
  route {
    path     = "/*"
    function = function.chat
  }
}
custom_domain "b.example.com" {
  route {
    path     = "/*"
    function = function.api
  }
}
custom_domain "a.example.com" {
  protocol = "HTTPS"
  route {
    path     = "/ws"
    function = function.chat
  }
}
`
	st, diags, dir := loadFiles(t, src, cert.files(), Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", listDiags(diags))
	}
	fns := map[string]*Function{}
	for _, f := range st.Functions {
		fns[f.Label] = f
	}
	type route struct {
		Path, Function string
		Methods        []string
	}
	type domain struct {
		Name, Protocol, CertFile, KeyFile, Certificate, PrivateKey, TLS string
		Routes                                                          []route
	}
	var got []domain
	for _, d := range st.Domains {
		g := domain{Name: d.Name, Protocol: d.Protocol, CertFile: d.CertFile, KeyFile: d.KeyFile,
			Certificate: d.Certificate, PrivateKey: d.PrivateKey, TLS: d.TLSMinVersion}
		for _, r := range d.Routes {
			if r.Function != fns[r.Function.Label] {
				t.Errorf("route %s of %s points at a copy of function %q", r.Path, d.Name, r.Function.Label)
			}
			g.Routes = append(g.Routes, route{r.Path, r.Function.Label, r.Methods})
		}
		got = append(got, g)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	get := []string{"GET"}
	want := []domain{
		{Name: "*.example.com", Protocol: fcspec.ProtocolHTTPHTTPS, CertFile: certFile, KeyFile: keyFile, Certificate: cert.cert, PrivateKey: cert.key,
			Routes: []route{{"/*", "chat", get}}},
		{Name: "a.example.com", Protocol: fcspec.ProtocolHTTPS, Routes: []route{{"/ws", "chat", get}}},
		{Name: "b.example.com", Protocol: fcspec.ProtocolHTTP, Routes: []route{{"/*", "api", get}}},
		{Name: "chat.example.com", Protocol: fcspec.ProtocolHTTPS, CertFile: certFile, KeyFile: keyFile, Certificate: cert.cert, PrivateKey: cert.key,
			TLS: fcspec.TLSv13, Routes: []route{{"/ws", "chat", get}, {"/api/*", "api", []string{"GET", "HEAD", "POST"}}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("domains:\n%+v\nwant\n%+v", got, want)
	}
}

// The private key is a secret: a diagnostic that quotes a value holding
// it (here a line of the key pasted where the protocol belongs) masks it,
// and the secrets cover the key also where its line breaks are escaped, as
// in a JSON request body quoted by an error.
func TestCustomDomainPrivateKeyIsSecret(t *testing.T) {
	cert := goodCert(t, "chat.example.com")
	line := strings.Split(cert.key, "\n")[1]
	st, diags, _ := loadFiles(t, httpsDomain(`  protocol = "`+line+`"
`), cert.files(), Options{})
	findDiag(t, diags, hcl.DiagError, "Invalid protocol")
	quotesNot(t, diags, line)
	if !strings.Contains(listDiags(diags), maskText) {
		t.Errorf("the refused protocol is not shown masked:\n%s", listDiags(diags))
	}

	body, _ := json.Marshal(map[string]string{"privateKey": cert.key})
	secrets := st.Domains[0].Secrets()
	if scrubbed := scrub(string(body), secrets); strings.Count(scrubbed, maskText) < 2 || containsKeyLine(scrubbed, cert.key) {
		t.Errorf("a JSON body holding the key is not masked: %s", scrubbed)
	}
}

// containsKeyLine reports whether text holds a line of key's PEM body long
// enough to be key material.
func containsKeyLine(text, key string) bool {
	for _, l := range strings.Split(key, "\n") {
		if len(l) >= minKeyLine && !strings.HasPrefix(l, "-----") && strings.Contains(text, l) {
			return true
		}
	}
	return false
}

// disable_url_internet closes only the trigger's URL: a function a custom
// domain routes to stays reachable, so validate does not warn about it.
func TestCustomDomainKeepsAPrivateTriggerReachable(t *testing.T) {
	private := strings.Replace(fn(""), `auth_type = "anonymous"`, "auth_type = \"anonymous\"\n    disable_url_internet = true", 1)
	_, diags, _ := loadMain(t, private, Options{})
	findDiag(t, diags, hcl.DiagWarning, "Public URL disabled")

	_, diags, _ = loadMain(t, private+"custom_domain \"chat.example.com\" {\n"+wsRoute+"\n}\n", Options{})
	if len(diags) > 0 {
		t.Errorf("diagnostics with a custom domain routing to the function:\n%s", listDiags(diags))
	}
}
