package plan

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wsdeploy/wsdeploy/providers"
)

// observed is what the refresh read: the functions the stack owns, and
// every function whose state was read (owned or known absent), which is
// what a saved plan fingerprints.
type observed struct {
	owned   map[string]*providers.Function // by FC name
	read    map[string]*providers.Function // by FC name; nil value: absent
	domains *observedDomains
}

// lookup is one function the refresh must read by name.
type lookup struct {
	name    string
	address string // function.<label>
	// declared is false for a -target naming no function block: it may
	// only name a function this stack owns (to delete it).
	declared bool
}

// refresh reads the provider's side. Without targets it lists what the
// stack owns and reads each declared function the listing lacks (a new
// one, or one another stack or no stack owns, which is refused). With
// targets it reads just those, and no custom domains: a plan of some
// functions leaves the domains alone.
func (m *maker) refresh(ctx context.Context, lookups []lookup, listAll bool) (*observed, error) {
	m.progress.report(Progress{Kind: RefreshStart})
	start := time.Now()
	obs := &observed{owned: map[string]*providers.Function{}, read: map[string]*providers.Function{}}
	if listAll {
		list, err := m.p.ListFunctions(ctx, m.stack.Name)
		if err != nil {
			return nil, fmt.Errorf("listing the functions of stack %q: %w", m.stack.Name, err)
		}
		for _, f := range list {
			obs.owned[f.Name], obs.read[f.Name] = f, f
		}
	}
	if a := m.adopted; a != nil {
		obs.owned[a.Name], obs.read[a.Name] = a, a
	}
	var todo []lookup
	for _, l := range lookups {
		if _, listed := obs.owned[l.name]; !listed {
			todo = append(todo, l)
		}
	}
	got := make([]*providers.Function, len(todo))
	err := forEach(ctx, len(todo), m.opts.parallelism(), func(ctx context.Context, i int) error {
		l := todo[i]
		f, err := m.p.GetFunction(ctx, l.name)
		switch {
		case errors.Is(err, providers.ErrNotFound):
			if !l.declared {
				return fmt.Errorf("-target %s: no function %q exists, and the stack declares no function block %q", l.address, l.name, l.name)
			}
			return nil
		case err != nil:
			return fmt.Errorf("%s: reading function %q: %w", l.address, l.name, err)
		}
		if owner := f.Tags[providers.StackTag]; owner != m.stack.Name {
			if m.destroy && l.declared {
				return nil // not this stack's: nothing to destroy
			}
			return &OwnershipError{Address: l.address, Function: l.name, Owner: owner, Stack: m.stack.Name, Provider: m.p.Info().Name, Declared: l.declared}
		}
		got[i] = f
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, l := range todo {
		obs.read[l.name] = got[i]
		if got[i] != nil {
			obs.owned[l.name] = got[i]
		}
	}
	obs.domains = &observedDomains{}
	if listAll {
		if obs.domains, err = m.refreshDomains(ctx, obs); err != nil {
			return nil, err
		}
	}
	m.progress.report(Progress{Kind: RefreshDone, Elapsed: time.Since(start)})
	return obs, nil
}

// OwnershipError is a function that exists under a declared name but
// belongs to another stack, or to none: wsdeploy never takes one over.
type OwnershipError struct {
	Address  string // function.<label>
	Function string // FC name
	Owner    string // its stack tag; "" when it has none
	Stack    string
	Provider string
	// Declared is false for a -target that names no function block.
	Declared bool
}

func (e *OwnershipError) Error() string {
	if !e.Declared {
		return fmt.Sprintf("-target %s: function %q on %s does not belong to stack %q, so this stack cannot delete it", e.Address, e.Function, e.Provider, e.Stack)
	}
	head := fmt.Sprintf("%s: a function named %q already exists on %s", e.Address, e.Function, e.Provider)
	if e.Owner != "" {
		return fmt.Sprintf("%s and belongs to stack %q; wsdeploy never takes over another stack's function. "+
			"Give this one another name (name = \"...\" in its function block), or destroy it from stack %q first.", head, e.Owner, e.Owner)
	}
	return fmt.Sprintf("%s and was not created by wsdeploy (it has no %s tag); wsdeploy never takes over a function silently. "+
		"Give this one another name (name = \"...\" in its function block), delete the existing function, "+
		"or, to let stack %q manage it, adopt it: wsdeploy import %s %s (which tags it %s=%s).", head, providers.StackTag, e.Stack, e.Address, e.Function, providers.StackTag, e.Stack)
}
