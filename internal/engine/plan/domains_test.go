package plan

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// testdata/domain holds two self-signed certificates for
// chat.example.test with their keys (a and b), made for these tests.
func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/domain/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func testDomain(cert, key string) (*config.Stack, *config.CustomDomain) {
	chat := &config.Function{Label: "chat", Name: "chat-fc"}
	d := &config.CustomDomain{Name: "chat.example.test", Protocol: fcspec.ProtocolHTTPHTTPS, Certificate: cert, PrivateKey: key,
		Routes: []*config.Route{{Path: "/ws", Function: chat, Methods: []string{"GET"}}}}
	return &config.Stack{Name: "s", Functions: []*config.Function{chat}, Domains: []*config.CustomDomain{d}}, d
}

// A read-back domain (FC's form: no key, defaults spelled out, methods in
// any order) compares equal to what was written; the certificate is
// compared by content, whatever its line endings.
func TestDomainReadBackIsNoOp(t *testing.T) {
	_, cd := testDomain(readTestdata(t, "a.pem"), readTestdata(t, "a.key"))
	want := desiredDomain(cd)
	if want.Routes[0].Function != "chat-fc" || want.Routes[0].Qualifier != fcspec.QualifierLatest || want.TLS != nil {
		t.Fatalf("desired %+v %+v", want.Routes[0], want.TLS)
	}
	read := &providers.CustomDomain{Name: want.Name, Protocol: want.Protocol, TLS: nil,
		Cert:   &providers.Certificate{Name: "other-name", Certificate: strings.ReplaceAll(want.Cert.Certificate, "\n", "\r\n")},
		Routes: []*providers.Route{{Path: "/ws", Function: "chat-fc", Qualifier: "", Methods: []string{"get"}}}}
	if c := (domainResource{want: want, have: read}).change(); c.Action != NoOp {
		t.Errorf("read-back plans %s: %+v", c.Action, c.Attributes)
	}
	// An HTTP-only domain has no TLS policy to compare, and a stack that
	// gives no certificate does not compare the one the gateway issued.
	cd.Protocol, cd.Certificate, cd.PrivateKey = fcspec.ProtocolHTTP, "", ""
	read.Protocol, read.TLS = fcspec.ProtocolHTTP, &providers.TLS{MinVersion: fcspec.TLSv10}
	if c := (domainResource{want: desiredDomain(cd), have: read}).change(); c.Action != NoOp {
		t.Errorf("HTTP domain plans %s: %+v", c.Action, c.Attributes)
	}
	cd.Protocol, read.Protocol, read.TLS = fcspec.ProtocolHTTPS, fcspec.ProtocolHTTPS, nil
	if c := (domainResource{want: desiredDomain(cd), have: read}).change(); c.Action != NoOp {
		t.Errorf("HTTPS domain with the gateway's certificate plans %s: %+v", c.Action, c.Attributes)
	}
}

// A new certificate is an update showing the certificate's subject and
// digest, and the key that goes with it as sensitive; the key never
// appears in the change.
func TestDomainCertificateChange(t *testing.T) {
	stack, cd := testDomain(readTestdata(t, "b.pem"), readTestdata(t, "b.key"))
	old := desiredDomain(cd)
	old.Cert = &providers.Certificate{Certificate: readTestdata(t, "a.pem")}
	c := domainResource{want: desiredDomain(cd), have: old, masker: masker{secrets: secretsOf(stack)}}.change()
	var got []string
	for _, a := range c.Attributes {
		got = append(got, string(a.Action)+" "+a.Path)
	}
	if c.Action != Update || !reflect.DeepEqual(got, []string{"update certificate", "update private_key"}) {
		t.Fatalf("%s %q", c.Action, got)
	}
	if b, a := string(c.Attributes[0].Before), string(c.Attributes[0].After); b == a || !strings.HasPrefix(a, `"CN=chat.example.test, expires `) {
		t.Errorf("certificate %s → %s", b, a)
	}
	if k := c.Attributes[1]; !k.Sensitive || k.Before != nil || k.After != nil {
		t.Errorf("private_key %+v", k)
	}
	if c.DesiredDomain().Cert.PrivateKey != cd.PrivateKey {
		t.Error("the key to send is not attached")
	}
	// A created domain shows the key too; a deleted one shows nothing.
	created := domainResource{want: desiredDomain(cd)}.change()
	if i := slices.IndexFunc(created.Attributes, func(a Attribute) bool { return a.Path == privateKeyAttr }); i < 0 || !created.Attributes[i].Sensitive {
		t.Errorf("create: %+v", created.Attributes)
	}
}

// Route attributes are listed in route order, route.2 before route.10,
// and a reordering is a change.
func TestDomainRoutesInOrder(t *testing.T) {
	var routes []*providers.Route
	for i := range 11 {
		routes = append(routes, &providers.Route{Path: "/r" + string(rune('a'+i)), Function: "f"})
	}
	d := &providers.CustomDomain{Name: "x.test", Protocol: fcspec.ProtocolHTTP, Routes: routes}
	var paths []string
	for _, a := range diffAttrs(nil, domainAttrs(d, true), masker{}) {
		paths = append(paths, a.Path)
	}
	if paths[0] != "protocol" || paths[3] != "route.1.function" || paths[5] != "route.2.function" || paths[len(paths)-1] != "route.10.path" {
		t.Errorf("order %q", paths)
	}
	swapped := *d
	swapped.Routes = slices.Clone(routes)
	swapped.Routes[0], swapped.Routes[1] = swapped.Routes[1], swapped.Routes[0]
	if c := (domainResource{want: &swapped, have: d}).change(); c.Action != Update || len(c.Attributes) != 2 {
		t.Errorf("reordered routes: %s %+v", c.Action, c.Attributes)
	}
	if got := routeFunctions(d); !reflect.DeepEqual(got, []string{"f"}) {
		t.Errorf("routeFunctions %q", got)
	}
}

// A domain's private key is a secret of the stack: scrubbed from error
// texts however its lines were joined.
func TestDomainKeyIsSecret(t *testing.T) {
	key := readTestdata(t, "a.key")
	stack, _ := testDomain(readTestdata(t, "a.pem"), key)
	s := secretsOf(stack)
	for _, text := range []string{key, strings.ReplaceAll(key, "\n", `\n`), strings.ReplaceAll(key, "\n", " ")} {
		out := s.scrub("refused: " + text)
		for _, l := range strings.Split(strings.TrimSpace(key), "\n") {
			if !strings.HasPrefix(l, "-----") && strings.Contains(out, l) {
				t.Errorf("scrubbed text still holds %q: %s", l, out)
			}
		}
	}
}

func TestDomainTargetRefused(t *testing.T) {
	_, err := parseTargets([]string{"custom_domain.chat.example.test"})
	if err == nil || !strings.Contains(err.Error(), "custom domains cannot be targeted") {
		t.Errorf("err = %v", err)
	}
}

// A TLS policy changed outside beyond what a stack sets (a maximum
// version, cipher suites) is drift, shown as removed; FC's defaults are
// not.
func TestDomainTLSPolicyDrift(t *testing.T) {
	_, cd := testDomain(readTestdata(t, "a.pem"), readTestdata(t, "a.key"))
	want := desiredDomain(cd)
	read := func(tls *providers.TLS) *providers.CustomDomain {
		d := *want
		d.Cert = &providers.Certificate{Certificate: want.Cert.Certificate}
		d.TLS = tls
		return &d
	}
	defaults := &providers.TLS{MinVersion: fcspec.DefaultTLSMinVersion, MaxVersion: fcspec.DefaultTLSMaxVersion, CipherSuites: fcspec.DefaultCipherSuites}
	if c := (domainResource{want: want, have: read(defaults)}).change(); c.Action != NoOp {
		t.Errorf("FC's defaults plan %s: %+v", c.Action, c.Attributes)
	}
	c := domainResource{want: want, have: read(&providers.TLS{MaxVersion: fcspec.TLSv12, CipherSuites: []string{"TLS_RSA_WITH_AES_128_CBC_SHA"}})}.change()
	var got []string
	for _, a := range c.Attributes {
		got = append(got, string(a.Action)+" "+a.Path)
	}
	if c.Action != Update || !reflect.DeepEqual(got, []string{"delete tls_max_version", "delete tls_cipher_suites"}) {
		t.Errorf("%s %q", c.Action, got)
	}
}
