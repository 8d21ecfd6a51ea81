package plan

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers"
)

// observedDomains is what the refresh read of custom domains.
type observedDomains struct {
	owned map[string]*providers.CustomDomain // by host
	// read holds the declared and the owned domains, what a saved plan
	// fingerprints; a nil value is a declared domain that did not exist.
	read map[string]*providers.CustomDomain
}

// refreshDomains reads the custom domains. FC keeps no tags on them, so
// ownership is derived: a domain belongs to the stack when it has a route
// and every route points to a function the stack owns (in obs.owned,
// which must be the full listing). The provider is asked only when the
// stack declares a domain or owns a function (a domain cannot be owned
// otherwise); a declared domain on a provider without custom domains is
// an error, and a declared domain that exists but is not owned a
// *DomainOwnershipError (left alone in a destroy).
func (m *maker) refreshDomains(ctx context.Context, obs *observed) (*observedDomains, error) {
	out := &observedDomains{owned: map[string]*providers.CustomDomain{}, read: map[string]*providers.CustomDomain{}}
	declared := map[string]bool{}
	for _, d := range m.stack.Domains {
		declared[d.Name] = true
	}
	cd, ok := m.p.(providers.CustomDomains)
	switch {
	case !ok && len(declared) > 0:
		first := m.stack.Domains[0].Name
		return nil, fmt.Errorf("%s: provider %q does not manage custom domains (it does not implement them); "+
			"remove the custom_domain blocks, or deploy with a provider that has them (aliyun, local)", domainAddress(first), m.p.Info().Name)
	case !ok || len(declared) == 0 && len(obs.owned) == 0:
		return out, nil
	}
	list, err := cd.ListCustomDomains(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing the custom domains on %s: %w", m.p.Info().Name, err)
	}
	var errs []error
	for _, d := range list {
		owned := ownsDomain(d, obs.owned)
		switch {
		case owned:
			out.owned[d.Name], out.read[d.Name] = d, d
		case declared[d.Name] && !m.destroy:
			errs = append(errs, m.domainOwnershipError(ctx, d, obs.owned))
		}
		delete(declared, d.Name)
	}
	for name := range declared {
		out.read[name] = nil // absent, or another's in a destroy
	}
	return out, errors.Join(errs...)
}

// ownsDomain reports whether every route of d points to an owned
// function (and there is one).
func ownsDomain(d *providers.CustomDomain, owned map[string]*providers.Function) bool {
	for _, r := range d.Routes {
		if owned[r.Function] == nil {
			return false
		}
	}
	return len(d.Routes) > 0
}

// DomainOwnershipError is a declared custom domain that exists but does
// not route only to this stack's functions: wsdeploy never takes it over.
type DomainOwnershipError struct {
	Address  string // custom_domain.<host>
	Domain   string
	Stack    string
	Provider string
	// RoutesTo says whose functions the domain routes to, one entry per
	// function the stack does not own: `function "x" of stack "other"`.
	RoutesTo []string
}

func (e *DomainOwnershipError) Error() string {
	head := fmt.Sprintf("%s: a custom domain named %q already exists on %s", e.Address, e.Domain, e.Provider)
	if len(e.RoutesTo) == 0 {
		head += " and has no routes, so no stack owns it"
	} else {
		head += " and routes to " + strings.Join(e.RoutesTo, ", ")
	}
	return head + fmt.Sprintf("; wsdeploy never takes over a custom domain (a domain belongs to stack %q only when every route points to one of its functions). "+
		"Declare another host name, or remove the domain from the stack that manages it (or delete it) first.", e.Stack)
}

// domainOwnershipError names who d routes to: each function the stack
// does not own, with its stack tag when it can be read.
func (m *maker) domainOwnershipError(ctx context.Context, d *providers.CustomDomain, owned map[string]*providers.Function) error {
	e := &DomainOwnershipError{Address: domainAddress(d.Name), Domain: d.Name, Stack: m.stack.Name, Provider: m.p.Info().Name}
	seen := map[string]bool{}
	for _, r := range d.Routes {
		if owned[r.Function] != nil || seen[r.Function] {
			continue
		}
		seen[r.Function] = true
		f, err := m.p.GetFunction(ctx, r.Function)
		switch {
		case errors.Is(err, providers.ErrNotFound):
			e.RoutesTo = append(e.RoutesTo, fmt.Sprintf("function %q, which does not exist", r.Function))
		case err != nil:
			e.RoutesTo = append(e.RoutesTo, fmt.Sprintf("function %q (its owner could not be read: %v)", r.Function, err))
		case f.Tags[providers.StackTag] != "":
			e.RoutesTo = append(e.RoutesTo, fmt.Sprintf("function %q of stack %q", r.Function, f.Tags[providers.StackTag]))
		default:
			e.RoutesTo = append(e.RoutesTo, fmt.Sprintf("function %q, which no stack owns", r.Function))
		}
	}
	return e
}
