package apply_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/wsdeploy/wsdeploy/providers"
)

// withDomains is the gateway-backed provider plus FC's custom domains
// held in memory, as strict as these tests need FC to be: a route must
// point to an existing function, and a function a domain routes to cannot
// be deleted (the ordering apply must respect; whether FC refuses either
// is unconfirmed). Reads never return the private key, as FC's do not.
//
// It stands in until the local gateway serves the custom-domain API and
// the aliyun provider implements providers.CustomDomains (issue 17, built
// alongside); the tests using it then move to g.provider alone.
type withDomains struct {
	providers.Provider

	mu      sync.Mutex
	domains map[string]*providers.CustomDomain
	keys    map[string]string // the private key last sent, by domain
	calls   map[string]int    // per method
	fail    func(op string, d *providers.CustomDomain) error
}

func newWithDomains(p providers.Provider) *withDomains {
	return &withDomains{Provider: p, domains: map[string]*providers.CustomDomain{}, keys: map[string]string{}, calls: map[string]int{}}
}

// copyDomain is a deep copy of d without the private key (what FC reads).
func copyDomain(d *providers.CustomDomain) *providers.CustomDomain {
	n := *d
	if d.Cert != nil {
		c := *d.Cert
		c.PrivateKey = ""
		n.Cert = &c
	}
	if d.TLS != nil {
		t := *d.TLS
		n.TLS = &t
	}
	n.Routes = nil
	for _, r := range d.Routes {
		c := *r
		c.Methods = slices.Clone(r.Methods)
		n.Routes = append(n.Routes, &c)
	}
	return &n
}

func (w *withDomains) count(op string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.calls[op]
}

// set puts d as is, as a change made outside wsdeploy.
func (w *withDomains) set(d *providers.CustomDomain) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.domains[d.Name] = copyDomain(d)
}

func (w *withDomains) get(name string) *providers.CustomDomain {
	w.mu.Lock()
	defer w.mu.Unlock()
	if d := w.domains[name]; d != nil {
		return copyDomain(d)
	}
	return nil
}

func (w *withDomains) ListCustomDomains(context.Context) ([]*providers.CustomDomain, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls["List"]++
	var out []*providers.CustomDomain
	for _, name := range slices.Sorted(maps.Keys(w.domains)) {
		out = append(out, copyDomain(w.domains[name]))
	}
	return out, nil
}

func (w *withDomains) GetCustomDomain(_ context.Context, name string) (*providers.CustomDomain, error) {
	if d := w.get(name); d != nil {
		return d, nil
	}
	return nil, fmt.Errorf("custom domain %q: %w", name, providers.ErrNotFound)
}

func (w *withDomains) CreateCustomDomain(ctx context.Context, d *providers.CustomDomain) (*providers.CustomDomain, error) {
	return w.write(ctx, "Create", d)
}

func (w *withDomains) UpdateCustomDomain(ctx context.Context, d *providers.CustomDomain) (*providers.CustomDomain, error) {
	return w.write(ctx, "Update", d)
}

func (w *withDomains) write(ctx context.Context, op string, d *providers.CustomDomain) (*providers.CustomDomain, error) {
	for _, r := range d.Routes {
		if _, err := w.Provider.GetFunction(ctx, r.Function); err != nil {
			return nil, fmt.Errorf("route %s: function %q: %w", r.Path, r.Function, err)
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls[op]++
	if w.fail != nil {
		if err := w.fail(op, d); err != nil {
			return nil, err
		}
	}
	_, exists := w.domains[d.Name]
	if exists == (op == "Create") {
		return nil, fmt.Errorf("%s custom domain %q: exists=%v", op, d.Name, exists)
	}
	w.domains[d.Name] = copyDomain(d)
	if d.Cert != nil {
		w.keys[d.Name] = d.Cert.PrivateKey
	}
	return copyDomain(d), nil
}

func (w *withDomains) DeleteCustomDomain(_ context.Context, name string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls["Delete"]++
	if w.domains[name] == nil {
		return fmt.Errorf("custom domain %q: %w", name, providers.ErrNotFound)
	}
	delete(w.domains, name)
	return nil
}

// DeleteFunction refuses a function that a domain still routes to.
func (w *withDomains) DeleteFunction(ctx context.Context, name string) error {
	w.mu.Lock()
	for _, d := range w.domains {
		for _, r := range d.Routes {
			if r.Function == name {
				w.mu.Unlock()
				return errors.New("function " + name + " is routed to by custom domain " + d.Name)
			}
		}
	}
	w.mu.Unlock()
	return w.Provider.DeleteFunction(ctx, name)
}

// Compile-time: the fake is what the engine looks for.
var _ providers.CustomDomains = (*withDomains)(nil)
