package applye2e

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/gateway/localca"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

const domainStack = `
stack = "web"
function "chat" {
  code = "./app"
  http_trigger "ws" {
    methods = ["GET"]
  }
}
function "api" { code = "./app" }
`

// testCert is a certificate chain for host, issued by a new local CA (the
// gateway's own, as a user's CA would), and its private key, PEM.
func testCert(t testing.TB, host string) (cert, key string) {
	t.Helper()
	ca, err := localca.LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c, err := ca.Leaf(host)
	if err != nil {
		t.Fatal(err)
	}
	kd, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, der := range c.Certificate {
		cert += string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	}
	return cert, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kd}))
}

// testHost is the custom domain the tests declare.
const testHost = "chat.example.test"

// newDomainTest is a gateway, the aliyun provider pointed at it, and a
// stack directory holding domainStack.
func newDomainTest(t *testing.T) (*gateway, providers.Provider, *stackDir) {
	t.Helper()
	g := newGateway(t)
	sd := newStackDir(t)
	sd.load(domainStack)
	return g, g.provider(t), sd
}

// withDomain loads the stack in sd with custom_domain testHost added.
func (sd *stackDir) withDomain(t testing.TB, cert, key string, routes ...route) *config.Stack {
	t.Helper()
	s := loadStack(t, sd.dir)
	addDomain(t, s, testHost, cert, key, routes...)
	return s
}

// route is a route block: path → function label.
type route struct{ path, function string }

// addDomain declares custom_domain "<host>" on stack, as the HCL decoder
// would build it (HTTPS when a certificate is given).
func addDomain(t testing.TB, stack *config.Stack, host, cert, key string, routes ...route) *config.CustomDomain {
	t.Helper()
	d := &config.CustomDomain{Name: host, Protocol: fcspec.ProtocolHTTP, Certificate: cert, PrivateKey: key}
	if cert != "" {
		d.Protocol = fcspec.ProtocolHTTPHTTPS
	}
	for _, r := range routes {
		i := slices.IndexFunc(stack.Functions, func(f *config.Function) bool { return f.Label == r.function })
		if i < 0 {
			t.Fatalf("no function %q", r.function)
		}
		d.Routes = append(d.Routes, &config.Route{Path: r.path, Function: stack.Functions[i], Methods: []string{"GET"}})
	}
	stack.Domains = append(stack.Domains, d)
	slices.SortFunc(stack.Domains, func(a, b *config.CustomDomain) int { return strings.Compare(a.Name, b.Name) })
	return d
}

// domains is p's custom domains, which the aliyun provider has.
func domains(t testing.TB, p providers.Provider) providers.CustomDomains {
	t.Helper()
	cd, ok := p.(providers.CustomDomains)
	if !ok {
		t.Fatalf("provider %T has no custom domains", p)
	}
	return cd
}

// getDomain reads host from the gateway; nil when it does not exist.
func getDomain(t testing.TB, p providers.Provider, host string) *providers.CustomDomain {
	t.Helper()
	d, err := domains(t, p).GetCustomDomain(ctx, host)
	if errors.Is(err, providers.ErrNotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// storedKey is the private key the gateway holds for host (it never
// returns it through the API).
func (g *gateway) storedKey(t testing.TB, host string) string {
	t.Helper()
	d, err := g.st.GetDomain(host)
	if err != nil {
		t.Fatal(err)
	}
	if d.CertConfig == nil {
		return ""
	}
	return dara.StringValue(d.CertConfig.PrivateKey)
}

// eventLog records apply's events as "type action address".
type eventLog struct {
	mu  sync.Mutex
	all []string
}

func (l *eventLog) record(e apply.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = append(l.all, string(e.Type)+" "+string(e.Action)+" "+e.Change.Address)
}

// before fails unless first was recorded before then.
func (l *eventLog) before(t *testing.T, first, then string) {
	t.Helper()
	i, j := slices.Index(l.all, first), slices.Index(l.all, then)
	if i < 0 || j < 0 || i > j {
		t.Errorf("%q must come before %q:\n%s", first, then, strings.Join(l.all, "\n"))
	}
}

func applyLogged(t *testing.T, pl *plan.Plan, p providers.Provider) (*apply.Result, *eventLog) {
	t.Helper()
	log := &eventLog{}
	res, err := apply.Apply(ctx, pl, p, apply.Options{Progress: log.record})
	if err != nil {
		t.Fatalf("apply: %v\nevents:\n%s", err, strings.Join(log.all, "\n"))
	}
	return res, log
}

func TestCustomDomainLifecycle(t *testing.T) {
	g, p, sd := newDomainTest(t)
	cert, key := testCert(t, testHost)
	stack := sd.withDomain(t, cert, key, route{"/ws", "chat"}, route{"/api/*", "api"})

	// Create: the domain waits for both functions it routes to.
	pl := mustPlan(t, stack, p)
	if got := actions(pl)["custom_domain."+testHost]; got != plan.Create {
		t.Fatalf("domain action %q:\n%s", got, describe(pl))
	}
	res, log := applyLogged(t, pl, p)
	log.before(t, "apply_complete create function.chat", "apply_start create custom_domain."+testHost)
	log.before(t, "apply_complete create function.api", "apply_start create custom_domain."+testHost)
	if res.Added != 4 || !reflect.DeepEqual(res.ChangedDomains(), []string{testHost}) || slices.Contains(res.ChangedFunctions(), testHost) {
		t.Errorf("added %d, domains %v, functions %v", res.Added, res.ChangedDomains(), res.ChangedFunctions())
	}
	if g.storedKey(t, testHost) != key {
		t.Error("the gateway does not hold the stack's key")
	}
	if again := mustPlan(t, stack, p); again.HasChanges() {
		t.Fatalf("the plan after apply is not empty:\n%s", describe(again))
	}

	// Drift: changed outside, the domain shows as an update and apply
	// puts it back.
	d := getDomain(t, p, testHost)
	d.Cert.PrivateKey = key
	d.Routes[0].Methods = []string{"GET", "POST"}
	d.Routes = append(d.Routes, &providers.Route{Path: "/extra", Function: "chat"})
	d.TLS = &providers.TLS{MinVersion: fcspec.TLSv10, MaxVersion: fcspec.TLSv12}
	if _, err := domains(t, p).UpdateCustomDomain(ctx, d); err != nil {
		t.Fatal(err)
	}
	pl = mustPlan(t, stack, p)
	if got := actions(pl); !reflect.DeepEqual(got, map[string]plan.Action{"custom_domain." + testHost: plan.Update}) {
		t.Fatalf("drift plans %v:\n%s", got, describe(pl))
	}
	var paths []string
	for _, a := range domainChange(t, pl).Attributes {
		paths = append(paths, a.Path)
	}
	if want := []string{"tls_min_version", "tls_max_version", "route.0.methods", "route.2.function", "route.2.path"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("drift attributes %v, want %v", paths, want)
	}
	converge(t, stack, p)

	// A new certificate: an update that sends the new key, shown masked.
	cert2, key2 := testCert(t, testHost)
	cert, key = cert2, key2
	stack = sd.withDomain(t, cert, key, route{"/ws", "chat"}, route{"/api/*", "api"})
	c := domainChange(t, mustPlan(t, stack, p))
	if c.Action != plan.Update || len(c.Attributes) != 2 || c.Attributes[0].Path != "certificate" ||
		c.Attributes[1].Path != "private_key" || !c.Attributes[1].Sensitive || c.Attributes[1].After != nil {
		t.Fatalf("certificate change: %+v", c)
	}
	converge(t, stack, p)
	if g.storedKey(t, testHost) != key2 {
		t.Error("the new key was not sent")
	}

	// The domain stops routing to api, which goes: the route goes first.
	sd.load(strings.Replace(domainStack, `function "api" { code = "./app" }`, "", 1))
	stack = sd.withDomain(t, cert, key, route{"/ws", "chat"})
	pl = mustPlan(t, stack, p)
	if got := actions(pl); got["function.api"] != plan.Delete || got["custom_domain."+testHost] != plan.Update {
		t.Fatalf("plans %v", got)
	}
	_, log = applyLogged(t, pl, p)
	log.before(t, "apply_complete update custom_domain."+testHost, "apply_start delete function.api")

	// No longer declared: pruned.
	pl = mustPlan(t, loadStack(t, sd.dir), p)
	if c := domainChange(t, pl); c.Action != plan.Delete || !strings.Contains(c.Reason, "no longer declared") {
		t.Fatalf("undeclared domain: %+v", c)
	}
	mustApply(t, pl, p)
	if getDomain(t, p, testHost) != nil {
		t.Fatal("the domain is still there")
	}

	// Destroy deletes the domain before the function it routes to.
	converge(t, stack, p)
	pl = mustPlanDestroy(t, stack, p)
	res, log = applyLogged(t, pl, p)
	log.before(t, "apply_complete delete custom_domain."+testHost, "apply_start delete function.chat")
	if d := getDomain(t, p, testHost); res.Destroyed != 3 || d != nil || len(g.functions(t)) != 0 {
		t.Errorf("destroyed %d; domain %v; functions %v", res.Destroyed, d, g.functions(t))
	}
}

// domainChange is the plan's one custom_domain change.
func domainChange(t *testing.T, pl *plan.Plan) *plan.Change {
	t.Helper()
	for _, c := range pl.Changes {
		if c.Kind == plan.KindCustomDomain {
			return c
		}
	}
	t.Fatalf("no custom_domain change:\n%s", describe(pl))
	return nil
}

func TestCustomDomainOfAnotherStackIsRefused(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	other := newStackDir(t)
	converge(t, other.load(`
stack = "other"
function "theirs" { code = "./app" }
`), p)
	if err := g.st.CreateFunction(&fc.Function{FunctionName: dara.String("manual"), Runtime: dara.String("custom.debian12")}); err != nil {
		t.Fatal(err)
	}
	// Made outside: one routes to another stack's function, one to a
	// function nobody tagged, one to nothing.
	for _, d := range []*providers.CustomDomain{
		{Name: "a.example.test", Protocol: fcspec.ProtocolHTTP, Routes: []*providers.Route{{Path: "/*", Function: "theirs"}}},
		{Name: "b.example.test", Protocol: fcspec.ProtocolHTTP, Routes: []*providers.Route{{Path: "/*", Function: "manual"}}},
		{Name: "c.example.test", Protocol: fcspec.ProtocolHTTP},
		{Name: "untouched.example.test", Protocol: fcspec.ProtocolHTTP, Routes: []*providers.Route{{Path: "/*", Function: "theirs"}}},
	} {
		if _, err := domains(t, p).CreateCustomDomain(ctx, d); err != nil {
			t.Fatal(err)
		}
	}

	stack := newStackDir(t).load(domainStack)
	converge(t, stack, p) // the undeclared domains are not the stack's: left alone
	for _, h := range []string{"a.example.test", "b.example.test", "c.example.test"} {
		addDomain(t, stack, h, "", "", route{"/ws", "chat"})
	}
	_, err := plan.Make(ctx, stack, p, plan.Options{})
	var owned *plan.DomainOwnershipError
	if !errors.As(err, &owned) {
		t.Fatalf("err = %v, want a DomainOwnershipError", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`custom_domain.a.example.test: a custom domain named "a.example.test" already exists on local and routes to function "theirs" of stack "other"`,
		`custom_domain.b.example.test: a custom domain named "b.example.test" already exists on local and routes to function "manual", which no stack owns`,
		`custom_domain.c.example.test: a custom domain named "c.example.test" already exists on local and has no routes`,
		"wsdeploy never takes over a custom domain",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	// Destroy leaves what is not the stack's alone.
	pl := mustPlanDestroy(t, stack, p)
	for _, c := range pl.Changes {
		if c.Kind == plan.KindCustomDomain {
			t.Errorf("destroy plans %s %s", c.Action, c.Address)
		}
	}
	mustApply(t, pl, p)
	if n, _, _ := g.counts("DeleteCustomDomain"); n != 0 {
		t.Errorf("%d domains deleted", n)
	}
}

// plainProvider hides every method but the Provider interface: a plugin
// written before custom domains.
type plainProvider struct{ providers.Provider }

func TestCustomDomainNeedsAProviderThatHasThem(t *testing.T) {
	g, p, sd := newDomainTest(t)
	stack := loadStack(t, sd.dir)
	// Declaring none, owning none: the provider is not asked.
	mustPlan(t, stack, p)
	if n, _, _ := g.counts("ListCustomDomains"); n != 0 {
		t.Errorf("listed custom domains %d times for a stack that has none", n)
	}
	converge(t, stack, plainProvider{p})

	addDomain(t, stack, testHost, "", "", route{"/ws", "chat"})
	_, err := plan.Make(ctx, stack, plainProvider{p}, plan.Options{})
	if err == nil || !strings.Contains(err.Error(), `custom_domain.chat.example.test: provider "local" does not manage custom domains`) {
		t.Fatalf("err = %v", err)
	}
}

// keyLines are the lines of a PEM key's body: what a leak would show,
// whatever line breaks it came with.
func keyLines(key string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(key), "\n") {
		if !strings.HasPrefix(l, "-----") {
			out = append(out, l)
		}
	}
	return out
}

// echoingDomains is a provider whose domain updates fail with a message
// that quotes the private key, raw and JSON-escaped, as a provider (a
// plugin) that does not scrub its errors would.
type echoingDomains struct {
	providers.Provider
	providers.CustomDomains
	echo bool
}

func (e *echoingDomains) UpdateCustomDomain(ctx context.Context, d *providers.CustomDomain) (*providers.CustomDomain, error) {
	if e.echo {
		k := d.Cert.PrivateKey
		return nil, errors.New("InvalidArgument: certConfig.privateKey " + k + " does not match; as sent: " + strings.ReplaceAll(k, "\n", `\n`))
	}
	return e.CustomDomains.UpdateCustomDomain(ctx, d)
}

func TestCustomDomainKeyNeverRendered(t *testing.T) {
	_, real, sd := newDomainTest(t)
	p := &echoingDomains{Provider: real, CustomDomains: domains(t, real)}
	r := newRenderers()
	var keys []string
	load := func() *config.Stack {
		cert, key := testCert(t, testHost)
		keys = append(keys, key)
		s := loadStack(t, sd.dir)
		addDomain(t, s, testHost, cert, key, route{"/ws", "chat"})
		return s
	}
	// Create, with a saved plan file.
	stack := load()
	pl := mustPlan(t, stack, p)
	r.plan(pl)
	if err := pl.Save(&r.out); err != nil {
		t.Fatal(err)
	}
	r.apply(t, stack, pl, p)

	// A new certificate and key, refused by a provider that echoes the
	// key in its message, raw and JSON-escaped.
	stack = load()
	pl = mustPlan(t, stack, p)
	r.plan(pl)
	if err := pl.Save(&r.out); err != nil {
		t.Fatal(err)
	}
	p.echo = true
	res := r.apply(t, stack, pl, p)
	if len(res.Failed) != 1 {
		t.Fatalf("failed: %v", res.Failed)
	}
	r.out.WriteString(res.Failed[0].Error())
	p.echo = false
	r.apply(t, stack, mustPlan(t, stack, p), p)

	// Destroy.
	pl = mustPlanDestroy(t, stack, p)
	r.plan(pl)
	r.apply(t, stack, pl, p)

	out := r.out.String()
	for _, k := range keys {
		for _, l := range keyLines(k) {
			if i := strings.Index(out, l); i >= 0 {
				t.Errorf("a private key line was rendered: …%s…", out[max(0, i-200):min(len(out), i+100)])
			}
		}
	}
	for _, want := range []string{"private_key", "(sensitive value)", `"sensitive":true`, "CN=" + testHost, "custom_domain." + testHost, "apply_errored"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestCustomDomainSavedPlan(t *testing.T) {
	for _, stale := range []bool{false, true} {
		_, p, sd := newDomainTest(t)
		cert, key := testCert(t, testHost)
		converge(t, sd.withDomain(t, cert, key, route{"/ws", "chat"}), p)
		path := savePlan(t, sd.withDomain(t, cert, key, route{"/ws", "chat"}, route{"/api/*", "api"}), p)
		if stale { // changed outside since the plan was saved
			d := getDomain(t, p, testHost)
			d.Cert.PrivateKey = key
			d.Routes[0].Methods = []string{"POST"}
			if _, err := domains(t, p).UpdateCustomDomain(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		pl, err := resume(t, path, sd.withDomain(t, cert, key, route{"/ws", "chat"}, route{"/api/*", "api"}), p)
		if stale {
			if !errors.Is(err, plan.ErrStale) || !strings.Contains(err.Error(), `custom domain "`+testHost+`" changed on the provider since`) {
				t.Errorf("err = %v, want a stale plan naming the domain", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if c := domainChange(t, pl); c.Action != plan.Update || c.DesiredDomain() == nil || c.DesiredDomain().Cert.PrivateKey != key {
			t.Fatalf("resumed domain change: %+v", c)
		}
		mustApply(t, pl, p)
		if d := getDomain(t, p, testHost); len(d.Routes) != 2 {
			t.Errorf("routes after the saved plan: %+v", d.Routes)
		}
		// A key file changed since (a certificate file would show in the
		// plan too): the stack is no longer what was planned.
		path = savePlan(t, sd.withDomain(t, cert, key, route{"/ws", "chat"}), p)
		_, key = testCert(t, testHost)
		if _, err := resume(t, path, sd.withDomain(t, cert, key, route{"/ws", "chat"}), p); !errors.Is(err, plan.ErrStale) {
			t.Errorf("a new key file: err = %v, want stale", err)
		}
	}
}

// The stack as a user writes it: session affinity and an HTTPS custom
// domain from HCL, applied through the aliyun provider to the gateway.
// The plan after apply is empty, an affinity change is an update in
// place, and destroy removes the domain with the functions.
func TestAffinityAndDomainFromHCL(t *testing.T) {
	g, p, sd := newDomainTest(t)
	cert, key := testCert(t, testHost)
	for name, text := range map[string]string{"chat.pem": cert, "chat.key": key} {
		if err := os.WriteFile(filepath.Join(sd.dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	src := `
stack = "web"
function "chat" {
  code = "./app"
  session_affinity {
    type        = "cookie"
    session_ttl = 3600
  }
  http_trigger "ws" {
    methods = ["GET"]
  }
}
custom_domain "chat.example.test" {
  certificate = "chat.pem"
  private_key = "chat.key"
  route {
    path     = "/ws"
    function = function.chat
  }
}
`
	stack := sd.load(src)
	res := converge(t, stack, p)
	if res.Added != 3 {
		t.Errorf("added %d", res.Added)
	}
	if d := getDomain(t, p, testHost); d == nil || d.Protocol != fcspec.ProtocolHTTPS || len(d.Routes) != 1 || d.Routes[0].Function != "chat" {
		t.Fatalf("domain on the gateway: %+v", d)
	}
	f, err := p.GetFunction(ctx, "chat")
	if err != nil || f.SessionAffinity == nil || f.SessionAffinity.Type != fcspec.AffinityCookie || f.InstanceConcurrency != fcspec.AffinityInstanceConcurrency {
		t.Fatalf("function on the gateway: %+v, %v", f, err)
	}

	stack = sd.load(strings.Replace(src, "session_ttl = 3600", "session_ttl = 600", 1))
	pl := mustPlan(t, stack, p)
	if got := actions(pl); !reflect.DeepEqual(got, map[string]plan.Action{"function.chat": plan.Update}) {
		t.Fatalf("changing session_ttl plans %v:\n%s", got, describe(pl))
	}
	converge(t, stack, p)

	res = mustApply(t, mustPlanDestroy(t, stack, p), p)
	if d := getDomain(t, p, testHost); res.Destroyed != 3 || d != nil || len(g.functions(t)) != 0 {
		t.Errorf("destroyed %d; domain %+v; functions %v", res.Destroyed, d, g.functions(t))
	}
}

// HTTPS without a certificate: the gateway serves the domain with one it
// issues from its local CA, which is not drift.
func TestCustomDomainWithGatewayCertificateConverges(t *testing.T) {
	_, p, sd := newDomainTest(t)
	stack := loadStack(t, sd.dir)
	addDomain(t, stack, testHost, "", "", route{"/ws", "chat"}).Protocol = fcspec.ProtocolHTTPS
	converge(t, stack, p)
	if d := getDomain(t, p, testHost); d == nil || d.Protocol != fcspec.ProtocolHTTPS {
		t.Fatalf("domain %+v", d)
	}
}

// A domain update that fails leaves the function it stopped routing to
// in place (its deletion is not attempted, so no route points at a
// missing function); the next apply finishes.
func TestFailedDomainUpdateKeepsItsFunction(t *testing.T) {
	g, p, sd := newDomainTest(t)
	stack := loadStack(t, sd.dir)
	addDomain(t, stack, testHost, "", "", route{"/ws", "chat"}, route{"/api", "api"})
	converge(t, stack, p)

	sd.load(strings.Replace(domainStack, `function "api" { code = "./app" }`, "", 1))
	stack = loadStack(t, sd.dir)
	addDomain(t, stack, testHost, "", "", route{"/ws", "chat"})
	g.setFault(func(r *http.Request, _ []byte) *fault {
		if r.Header.Get("x-acs-action") == "UpdateCustomDomain" {
			return &fault{status: http.StatusBadRequest}
		}
		return nil
	})
	res, err := apply.Apply(ctx, mustPlan(t, stack, p), p, apply.Options{})
	var applyErr *apply.Error
	if !errors.As(err, &applyErr) || len(res.Failed) != 1 || len(res.Skipped) != 1 || res.Skipped[0].Change.Address != "function.api" ||
		!strings.Contains(res.Skipped[0].Reason, "custom_domain."+testHost+" was not updated") {
		t.Fatalf("err = %v; failed %v; skipped %+v", err, res.Failed, res.Skipped)
	}
	if _, ok := g.functions(t)["api"]; !ok {
		t.Fatal("function api was deleted while the domain still routes to it")
	}
	g.setFault(nil)
	converge(t, stack, p)
	if _, ok := g.functions(t)["api"]; ok {
		t.Error("function api survived the second apply")
	}
}

// Control API calls fail 30% of the time (a third after the gateway did
// the work): custom domains converge with their functions through
// create, update and destroy, and no domain is created twice.
func TestCustomDomainsConvergeUnderFaults(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			g, p, sd := newDomainTest(t)
			cert, key := testCert(t, testHost)
			stack := loadStack(t, sd.dir)
			addDomain(t, stack, testHost, cert, key, route{"/ws", "chat"})
			addDomain(t, stack, "api.example.test", "", "", route{"/api/*", "api"}, route{"/ws", "chat"})
			g.setFault(randomFaults(seed, 0.3))
			convergeWithRetries(t, stack, p, 15)

			stack = loadStack(t, sd.dir) // api.example.test undeclared: pruned
			addDomain(t, stack, testHost, cert, key, route{"/ws", "chat"}, route{"/api/*", "api"})
			convergeWithRetries(t, stack, p, 15)
			g.setFault(nil)
			if _, ok, _ := g.counts("CreateCustomDomain"); ok != 2 {
				t.Errorf("%d custom domains created, want 2", ok)
			}
			if d := getDomain(t, p, "api.example.test"); d != nil || g.storedKey(t, testHost) != key {
				t.Errorf("api.example.test: %+v; the key of %s is not the stack's", d, testHost)
			}
			if again := mustPlan(t, stack, p); again.HasChanges() {
				t.Fatalf("plan is not empty:\n%s", describe(again))
			}

			g.setFault(randomFaults(seed+10, 0.3))
			for round := 0; round < 15; round++ {
				if pl, err := plan.MakeDestroy(ctx, stack, p, plan.Options{}); err == nil {
					if !pl.HasChanges() {
						break
					}
					apply.Apply(ctx, pl, p, apply.Options{})
				}
			}
			g.setFault(nil)
			if d := getDomain(t, p, testHost); d != nil || len(g.functions(t)) != 0 {
				t.Errorf("after destroy: domain %+v, functions %v", d, g.functions(t))
			}
		})
	}
}
