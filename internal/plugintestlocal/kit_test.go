package plugintestlocal

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/plugins/plugintest"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// recorder is a testing.TB whose Fatal ends the kit's goroutine and keeps
// the message, so that a test can check how the kit fails.
type recorder struct {
	testing.TB
	failure string
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failure = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

// runKit runs the kit against wrap(the local provider) and returns how it
// failed ("" if it passed).
func runKit(t *testing.T, wrap func(providers.Provider) providers.Provider) string {
	p := localProvider(t)
	rec := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		plugintest.Run(rec, func(testing.TB) providers.Provider { return wrap(p) })
	}()
	<-done
	return rec.failure
}

// localProvider is the local provider of a gateway of t's own.
func localProvider(t testing.TB) providers.Provider {
	t.Helper()
	p, _, err := local.New(context.Background(), local.Settings{StateDir: gateway(t), NoStart: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// forgetful loses the environment on reads.
type forgetful struct{ providers.Provider }

func (f forgetful) GetFunction(ctx context.Context, name string) (*providers.Function, error) {
	fn, err := f.Provider.GetFunction(ctx, name)
	if fn != nil {
		fn.Environment = nil
	}
	return fn, err
}

// vague reports a missing function with an error of its own.
type vague struct{ providers.Provider }

func (v vague) GetFunction(ctx context.Context, name string) (*providers.Function, error) {
	fn, err := v.Provider.GetFunction(ctx, name)
	if errors.Is(err, providers.ErrNotFound) {
		return nil, errors.New("HTTP 404")
	}
	return fn, err
}

// dropsAffinity loses session affinity on reads.
type dropsAffinity struct{ providers.Provider }

func (d dropsAffinity) GetFunction(ctx context.Context, name string) (*providers.Function, error) {
	fn, err := d.Provider.GetFunction(ctx, name)
	if fn != nil {
		fn.SessionAffinity = nil
	}
	return fn, err
}

// domains is a provider with custom domains (and without sessions, which
// the local gateway may not serve while the kit's own checks are tested).
type domains struct {
	providers.Provider
	providers.CustomDomains
}

func withDomains(p providers.Provider) domains { return domains{p, p.(providers.CustomDomains)} }

// leaksKey returns the private key on reads.
type leaksKey struct{ domains }

func (l leaksKey) GetCustomDomain(ctx context.Context, name string) (*providers.CustomDomain, error) {
	d, err := l.CustomDomains.GetCustomDomain(ctx, name)
	if d != nil && d.Cert != nil {
		c := *d.Cert
		c.PrivateKey = "-----BEGIN RSA PRIVATE KEY-----"
		d.Cert = &c
	}
	return d, err
}

// losesRoutes lists domains with their first route only.
type losesRoutes struct{ domains }

func (l losesRoutes) ListCustomDomains(ctx context.Context) ([]*providers.CustomDomain, error) {
	list, err := l.CustomDomains.ListCustomDomains(ctx)
	for _, d := range list {
		d.Routes = d.Routes[:min(1, len(d.Routes))]
	}
	return list, err
}

// deviations are providers that break the contract, each with what the
// kit's failure must say.
var deviations = []struct {
	name string
	wrap func(providers.Provider) providers.Provider
	want []string
}{
	{"forgetful", func(p providers.Provider) providers.Provider { return forgetful{p} },
		[]string{"plugintest: create: GetFunction(", "reads back Environment = map[string]string(nil); it was written as map[string]string{\"GREETING\":\"hello\"}"}},
	{"vague", func(p providers.Provider) providers.Provider { return vague{p} },
		[]string{"plugintest: fresh stack owns nothing: GetFunction(", "returned HTTP 404; want an error matching providers.ErrNotFound"}},
	{"drops affinity", func(p providers.Provider) providers.Provider { return dropsAffinity{p} },
		[]string{"plugintest: session affinity: GetFunction(", "reads back SessionAffinity = nil; it was written as {Type:HEADER_FIELD Header:x-plugintest-session"}},
	{"leaks the key", func(p providers.Provider) providers.Provider { return leaksKey{withDomains(p)} },
		[]string{"plugintest: custom domains: GetCustomDomain(", "returns the certificate's private key; a read must never return it"}},
	{"loses routes", func(p providers.Provider) providers.Provider { return losesRoutes{withDomains(p)} },
		[]string{"plugintest: custom domains: ListCustomDomains(", "reads back Routes = [{Path:/ws", "it was written as [{Path:/ws", "{Path:/api/*"}},
}

// The kit fails at the first deviation and says where.
func TestKitFailsPrecisely(t *testing.T) {
	for _, c := range deviations {
		t.Run(c.name, func(t *testing.T) {
			got := runKit(t, c.wrap)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("failure lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// A failure before the first step names the set-up, not an empty step.
func TestKitFailureWhileSettingUp(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=bogus") // the echo function cannot be built
	got := runKit(t, func(p providers.Provider) providers.Provider { return p })
	if want := "plugintest: setting up: building the echo function"; !strings.HasPrefix(got, want) {
		t.Errorf("the failure does not begin with %q:\n%s", want, got)
	}
}
