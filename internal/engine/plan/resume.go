package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
)

// ErrStale matches every *StaleError.
var ErrStale = errors.New("the saved plan is stale")

// StaleError says why a saved plan no longer applies.
type StaleError struct {
	Reasons []string
}

func (e *StaleError) Error() string {
	return "the saved plan no longer matches: " + strings.Join(e.Reasons, "; ") +
		". Run wsdeploy plan -out FILE again, review it, and apply the new file"
}

func (e *StaleError) Is(target error) bool { return target == ErrStale }

// Resume checks a saved plan against the stack and the provider and
// returns it ready to apply: the same changes, with what apply writes
// attached. It refuses (*StaleError) when the stack's files or variable
// values changed, when the provider is another one (name, region or
// account), when anything the plan observed changed on the remote side, or
// when the rebuilt code's checksum differs from the planned one. The
// saved plan's targets apply; opts.Targets is ignored.
func Resume(ctx context.Context, saved *Plan, stack *config.Stack, p providers.Provider, opts Options) (*Plan, error) {
	stale := &StaleError{}
	if saved.Stack != stack.Name {
		stale.Reasons = append(stale.Reasons, fmt.Sprintf("it was made for stack %q, not %q", saved.Stack, stack.Name))
	}
	if StackHash(stack) != saved.StackHash {
		stale.Reasons = append(stale.Reasons, "the stack's files or variable values changed since it was made")
	}
	// The endpoint may differ (a local gateway restarted on another port):
	// the remote side is checked below anyway.
	if got := providerOf(p.Info()); got.Name != saved.Provider.Name || got.Region != saved.Provider.Region || got.AccountID != saved.Provider.AccountID {
		stale.Reasons = append(stale.Reasons, fmt.Sprintf("it was made against provider %s, not %s", describe(saved.Provider), describe(got)))
	}
	if len(stale.Reasons) > 0 {
		return nil, stale
	}
	opts.Targets = saved.Targets
	m := newMaker(stack, p, opts)
	fresh, err := m.make(ctx, saved.Destroy)
	if err != nil {
		return nil, err
	}
	stale.Reasons = append(remoteChanges(saved.Observed, fresh.Observed), codeChanges(saved.Changes, fresh.Changes)...)
	if len(stale.Reasons) == 0 && !sameChanges(saved.Changes, fresh.Changes) {
		stale.Reasons = append(stale.Reasons, "the changes it would make are no longer the same")
	}
	if len(stale.Reasons) > 0 {
		return nil, stale
	}
	fresh.Created = saved.Created
	return fresh, nil
}

func describe(p Provider) string {
	s := p.Name
	if p.Region != "" {
		s += " (" + p.Region + ")"
	}
	if p.AccountID != "" {
		s += " of account " + p.AccountID
	}
	return s
}

// remoteChanges names the functions and custom domains whose
// fingerprints differ.
func remoteChanges(before, now map[string]string) []string {
	var out []string
	names := slices.Sorted(maps.Keys(before))
	for name := range now {
		if _, ok := before[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		b, ok1 := before[name]
		n, ok2 := now[name]
		what := fmt.Sprintf("function %q", name)
		if host, ok := strings.CutPrefix(name, domainAddress("")); ok {
			what = fmt.Sprintf("custom domain %q", host)
		}
		switch {
		case b == n:
		case !ok1 || b == absent:
			out = append(out, what+" was created on the provider since")
		case !ok2 || n == absent:
			out = append(out, what+" was deleted on the provider since")
		default:
			out = append(out, what+" changed on the provider since")
		}
	}
	return out
}

// codeChanges names the functions whose rebuilt code is not what was
// planned: builds must be reproducible for a saved plan to apply.
func codeChanges(before, now []*Change) []string {
	planned := map[string]string{}
	for _, c := range before {
		if c.Code != nil {
			planned[c.Address] = c.Code.After
		}
	}
	var out []string
	for _, c := range now {
		if c.Code != nil && planned[c.Address] != "" && planned[c.Address] != c.Code.After {
			out = append(out, fmt.Sprintf("the code of %s is now %s, not the planned %s (the code directory changed, or its build is not reproducible)", c.Address, c.Code.After, planned[c.Address]))
		}
	}
	return out
}

func sameChanges(a, b []*Change) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}
