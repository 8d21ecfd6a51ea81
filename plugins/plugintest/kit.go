package plugintest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/providers"
)

// kit is one run: the provider, the stack directory it deploys, and what
// the last apply wrote.
type kit struct {
	t    testing.TB
	ctx  context.Context
	opts Options
	p    providers.Provider
	step string

	dir  string
	spec spec
	// want is the function as the engine last wrote it, and code the
	// checksum of its code package.
	want *providers.Function
	code string
}

// fatalf ends the run at the first deviation, naming the step.
func (k *kit) fatalf(format string, args ...any) {
	k.t.Helper()
	step := k.step
	if step == "" {
		step = "setting up" // before the first step
	}
	k.t.Fatalf("plugintest: %s: %s", step, fmt.Sprintf(format, args...))
}

// setUp writes the stack and, for a run that fails halfway, arranges for
// whatever it created to be destroyed.
func (k *kit) setUp() {
	k.t.Helper()
	suffix := make([]byte, 4)
	rand.Read(suffix)
	k.dir = k.t.TempDir()
	k.spec = initialSpec("plugintest-" + hex.EncodeToString(suffix))
	k.buildEcho()
	k.writeStack()
	k.t.Cleanup(func() {
		if st, err := k.load(); err == nil {
			if pl, err := plan.MakeDestroy(context.Background(), st, k.p, plan.Options{}); err == nil && pl.HasChanges() {
				apply.Apply(context.Background(), pl, k.p, apply.Options{})
			}
		}
	})
}

// load reads the stack directory through config, as wsdeploy does.
func (k *kit) load() (*config.Stack, error) {
	k.t.Helper()
	st, diags := config.Load(k.dir, config.Options{Environ: []string{}})
	if diags.HasErrors() {
		return nil, diags
	}
	return st, nil
}

// plan plans the stack's current files against the provider.
func (k *kit) plan(destroy bool) *plan.Plan {
	k.t.Helper()
	st, err := k.load()
	if err != nil {
		k.fatalf("the generated stack does not load (a bug in plugintest): %v", err)
	}
	make := plan.Make
	if destroy {
		make = plan.MakeDestroy
	}
	pl, err := make(k.ctx, st, k.p, plan.Options{Environ: []string{}})
	if err != nil {
		k.fatalf("planning: %v", err)
	}
	return pl
}

// apply plans, checks that the plan holds exactly the changes want, by
// address, applies it, and records what it wrote.
func (k *kit) apply(want map[string]plan.Action, destroy bool) {
	k.t.Helper()
	pl := k.plan(destroy)
	if got := changes(pl); !sameChanges(got, want) {
		k.fatalf("the plan should make exactly %s; it makes %s%s", describe(want), describe(got), details(pl))
	}
	if _, err := apply.Apply(k.ctx, pl, k.p, apply.Options{}); err != nil {
		k.fatalf("apply: %v", err)
	}
	for _, c := range pl.Changes {
		if c.Kind == plan.KindFunction && c.Desired() != nil {
			k.want = c.Desired()
		}
		if c.Code != nil {
			k.code = c.Code.After
		}
	}
}

// planEmpty fails unless a plan right after apply changes nothing: the
// provider must read back what it was given, in the form Normalize
// compares.
func (k *kit) planEmpty() {
	k.t.Helper()
	pl := k.plan(false)
	if got := changes(pl); len(got) > 0 {
		k.fatalf("the plan after apply is not empty: it would make %s; the provider reads back something other than what it was given%s",
			describe(got), details(pl))
	}
}
