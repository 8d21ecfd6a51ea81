package aliyun

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// A custom domain is created, read, listed, changed (routes, TLS, then
// HTTPS dropped: the removal takes effect though FC keeps what an update
// leaves out), HTTPS added back without a certificate (the gateway issues
// one), deleted, and then not found, all through the gateway's FC API.
func TestCustomDomainLifecycle(t *testing.T) {
	p := newGateway(t).provider(t)
	withFunctions(t, p, "chat", "api", "web")
	d := chatDomain(t)
	got, err := p.CreateCustomDomain(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	sameDomainAs(t, "created", got, d)
	if again, err := p.GetCustomDomain(ctx, d.Name); err != nil || again.Cert == nil || again.Cert.PrivateKey != "" {
		t.Fatalf("get: %v, certificate %+v (FC returns no private key)", err, again)
	}

	steps := []struct {
		name   string
		change func(d *providers.CustomDomain)
	}{
		{"route added", func(d *providers.CustomDomain) {
			d.Routes = append(d.Routes, &providers.Route{Path: "/*", Function: "web", Methods: []string{"GET"}})
		}},
		{"tls 1.3", func(d *providers.CustomDomain) { d.TLS = &providers.TLS{MinVersion: fcspec.TLSv13} }},
		{"tls default", func(d *providers.CustomDomain) { d.TLS = nil }},
		{"routes cut", func(d *providers.CustomDomain) { d.Routes = d.Routes[:1] }},
		{"http only", func(d *providers.CustomDomain) { d.Protocol, d.Cert, d.TLS = fcspec.ProtocolHTTP, nil, nil }},
		{"https without certificate", func(d *providers.CustomDomain) { d.Protocol = fcspec.ProtocolHTTPS }},
	}
	for _, s := range steps {
		s.change(d)
		got, err := p.UpdateCustomDomain(ctx, d)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		sameDomainAs(t, s.name+": UpdateCustomDomain's answer", got, d)
		if got, err = p.GetCustomDomain(ctx, d.Name); err != nil {
			t.Fatal(err)
		}
		sameDomainAs(t, s.name+": GetCustomDomain", got, d)
	}

	list, err := p.ListCustomDomains(ctx)
	if err != nil || len(list) != 1 || list[0].Name != d.Name {
		t.Fatalf("list: %v %s", err, jsonOf(list))
	}
	if err := p.DeleteCustomDomain(ctx, d.Name); err != nil {
		t.Fatal(err)
	}
	if _, err := p.GetCustomDomain(ctx, d.Name); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("get after delete: %v, want ErrNotFound", err)
	}
	if err := p.DeleteCustomDomain(ctx, d.Name); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("a second delete: %v, want ErrNotFound (no earlier attempt could have done it)", err)
	}
}

// withFunctions creates the functions that routes name: FC refuses a
// route to a function that does not exist.
func withFunctions(t *testing.T, p *Provider, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := p.CreateFunction(ctx, wsFunction(n, "demo"), codeOf(t, n)); err != nil {
			t.Fatal(err)
		}
	}
}

// sameDomainAs fails the test when got is not want as the provider
// normalizes it, the private key aside.
func sameDomainAs(t *testing.T, what string, got, want *providers.CustomDomain) {
	t.Helper()
	if w := providers.NormalizeDomain(want); !sameDomain(got, w) {
		t.Errorf("%s: read back\n%s\nwant\n%s", what, jsonOf(got), jsonOf(w))
	}
}

// The list follows nextToken through every page.
func TestListCustomDomainsReadsEveryPage(t *testing.T) {
	defer func(n int32) { listPageSize = n }(listPageSize)
	listPageSize = 2
	g := newGateway(t)
	p := g.provider(t)
	withFunctions(t, p, "chat")
	for i := range 5 {
		d := &providers.CustomDomain{Name: fmt.Sprintf("d%d.example.com", i), Protocol: fcspec.ProtocolHTTP,
			Routes: []*providers.Route{{Path: "/", Function: "chat"}}}
		if _, err := p.CreateCustomDomain(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	list, err := p.ListCustomDomains(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range list {
		names = append(names, d.Name)
	}
	if got := strings.Join(names, " "); got != "d0.example.com d1.example.com d2.example.com d3.example.com d4.example.com" {
		t.Errorf("listed %s", got)
	}
	if n := g.count("ListCustomDomains"); n < 3 {
		t.Errorf("%d ListCustomDomains requests for 5 domains in pages of 2, want 3 or more", n)
	}
}

// A create whose answer was lost finds the domain on its retry and
// accepts it, since it is the one being created, and a delete whose answer
// was lost is done; a create of a domain that differs is FC's error with
// why.
func TestCreateCustomDomainThatExists(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	withFunctions(t, p, "chat", "api")
	d := chatDomain(t)
	g.setFault(g.loseAnswer("CreateCustomDomain", 1))
	got, err := p.CreateCustomDomain(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	sameDomainAs(t, "created after a lost answer", got, d)
	if n := g.count("CreateCustomDomain"); n != 2 {
		t.Errorf("CreateCustomDomain sent %d times, want 2 (the lost one and the retry)", n)
	}
	g.setFault(g.loseAnswer("DeleteCustomDomain", 1))
	if err := p.DeleteCustomDomain(ctx, d.Name); err != nil {
		t.Fatalf("delete whose answer was lost: %v", err)
	}
	g.setFault(nil)
	if _, err := p.CreateCustomDomain(ctx, d); err != nil {
		t.Fatal(err)
	}

	other := chatDomain(t)
	other.Routes = other.Routes[:1]
	_, err = p.CreateCustomDomain(ctx, other)
	if !isCode(err, fcspec.CodeDomainNameAlreadyExists) || !strings.Contains(err.Error(), "differs") {
		t.Errorf("a different domain of that name: %v", err)
	}
}

// Whatever an answer quotes, no error shows the private key.
func TestDomainErrorsNeverShowThePrivateKey(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	d := chatDomain(t)
	keyLine := strings.Split(d.Cert.PrivateKey, "\n")[1]
	g.setFault(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		fcError(w, http.StatusBadRequest, "InvalidArgument", "certConfig.privateKey "+d.Cert.PrivateKey+" (line "+keyLine+") does not match")
		return true
	})
	for op, call := range map[string]func() error{
		"create": func() error { _, err := p.CreateCustomDomain(ctx, d); return err },
		"update": func() error { _, err := p.UpdateCustomDomain(ctx, d); return err },
	} {
		err := call()
		if err == nil || strings.Contains(err.Error(), keyLine) {
			t.Errorf("%s: %v", op, err)
		}
	}
}
