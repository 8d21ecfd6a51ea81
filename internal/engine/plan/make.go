package plan

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/codepkg"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
)

// Make plans the changes that make p match stack: it builds and packages
// the code it needs, refreshes what p has (in parallel with the builds),
// and diffs. A declared function that exists but belongs to another stack,
// or to none, is an *OwnershipError.
func Make(ctx context.Context, stack *config.Stack, p providers.Provider, opts Options) (*Plan, error) {
	return newMaker(stack, p, opts).make(ctx, false)
}

// MakeDestroy plans the deletion of everything stack owns on p (or of the
// targeted functions), building nothing.
func MakeDestroy(ctx context.Context, stack *config.Stack, p providers.Provider, opts Options) (*Plan, error) {
	return newMaker(stack, p, opts).make(ctx, true)
}

// maker holds one planning run.
type maker struct {
	stack    *config.Stack
	p        providers.Provider
	opts     Options
	secrets  secrets
	progress progress
	destroy  bool
	// adopted is a function being imported, read already and counted as
	// owned (import.go).
	adopted *providers.Function
}

func newMaker(stack *config.Stack, p providers.Provider, opts Options) *maker {
	return &maker{stack: stack, p: p, opts: opts, secrets: secretsOf(stack), progress: progress{fn: opts.Progress}}
}

func (m *maker) make(ctx context.Context, destroy bool) (*Plan, error) {
	if m.stack.Name == "" {
		return nil, errors.New("the stack has no name: set stack = \"...\" in a .hcl file")
	}
	m.destroy = destroy
	targets, err := parseTargets(m.opts.Targets)
	if err != nil {
		return nil, err
	}
	scope, lookups := m.scope(targets)
	if destroy && targets == nil {
		lookups = nil // the listing is all a destroy needs
	}

	// The refresh runs while the builds do; a failed refresh stops them.
	buildCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		obs        *observed
		refreshErr error
		wg         sync.WaitGroup
	)
	wg.Go(func() {
		if obs, refreshErr = m.refresh(ctx, lookups, targets == nil); refreshErr != nil {
			cancel()
		}
	})
	var archives map[string]*codepkg.Archive
	var codeErr error
	if !destroy {
		archives, codeErr = m.code(buildCtx, scope)
	}
	wg.Wait()
	if refreshErr != nil {
		return nil, refreshErr // a build it cancelled has nothing to add
	}
	if codeErr != nil {
		return nil, codeErr
	}

	now := time.Now
	if m.opts.Now != nil {
		now = m.opts.Now
	}
	pl := &Plan{
		Stack:     m.stack.Name,
		Provider:  providerOf(m.p.Info()),
		Destroy:   destroy,
		Targets:   slices.Clone(m.opts.Targets),
		Observed:  fingerprints(obs.read, obs.domains.read),
		StackHash: StackHash(m.stack),
		Created:   now().UTC(),
		secrets:   m.secrets,
		ready:     true,
	}
	for _, r := range m.resources(scope, obs, archives, destroy) {
		pl.Changes = append(pl.Changes, r.changes()...)
	}
	for _, r := range m.domainResources(obs.domains, destroy) {
		pl.Changes = append(pl.Changes, r.change())
	}
	sortChanges(pl.Changes)
	return pl, nil
}

// scope returns the declared functions the plan covers and the functions
// to read by name: every declared one (a listing may lack it) and each
// target that names no function block (it may name an owned function to
// delete).
func (m *maker) scope(targets map[string]bool) ([]*config.Function, []lookup) {
	var fns []*config.Function
	var lookups []lookup
	labels := map[string]bool{}
	for _, f := range m.stack.Functions {
		labels[f.Label] = true
		if targets == nil || targets[f.Label] {
			fns = append(fns, f)
			lookups = append(lookups, lookup{name: f.Name, address: "function." + f.Label, declared: true})
		}
	}
	for _, t := range slices.Sorted(maps.Keys(targets)) {
		if !labels[t] {
			lookups = append(lookups, lookup{name: t, address: "function." + t})
		}
	}
	return fns, lookups
}

// resources pairs what is declared with what is owned.
func (m *maker) resources(scope []*config.Function, obs *observed, archives map[string]*codepkg.Archive, destroy bool) []resource {
	var out []resource
	declared := map[string]*config.Function{} // by FC name
	for _, f := range scope {
		declared[f.Name] = f
		if destroy {
			continue
		}
		want := desiredFunction(m.stack.Name, f)
		out = append(out, resource{label: f.Label, want: want, have: obs.owned[f.Name], archive: archives[f.Label],
			masker: masker{secrets: m.secrets, declaredEnv: want.Environment, sensitive: f.SensitiveEnv}})
	}
	for _, name := range slices.Sorted(maps.Keys(obs.owned)) {
		f, isDeclared := declared[name]
		if isDeclared && !destroy {
			continue
		}
		r := resource{label: name, have: obs.owned[name], masker: masker{secrets: m.secrets}, reason: reasonUndeclared}
		if isDeclared {
			r.label = f.Label
		}
		if destroy {
			r.reason = reasonDestroy
		}
		out = append(out, r)
	}
	return out
}

// sortChanges orders changes by function label, each function before its
// HTTP triggers and those before its other triggers, by name; then the
// custom domains by host.
func sortChanges(cs []*Change) {
	rank := map[Kind]int{KindFunction: 0, KindHTTPTrigger: 1, KindTrigger: 2}
	isDomain := func(c *Change) int {
		if c.Kind == KindCustomDomain {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(cs, func(a, b *Change) int {
		if d := isDomain(a) - isDomain(b); d != 0 {
			return d
		}
		if c := strings.Compare(a.Label, b.Label); c != 0 {
			return c
		}
		if d := rank[a.Kind] - rank[b.Kind]; d != 0 {
			return d
		}
		return strings.Compare(a.Trigger, b.Trigger)
	})
}
