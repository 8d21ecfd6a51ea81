package fidelity

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers"
)

// Sweep deletes tagged Prefix* functions created before the cutoff,
// triggers first, and nothing else: not a younger one, not an untagged
// one, never a name without Prefix. Against the gateway only: on FC it
// would delete the functions of this run's other tests.
func TestSweep(t *testing.T) {
	tg := Open(t)
	if tg.Live {
		t.Skip("the sweep ran at the start of this live run; this test sweeps everything it can, so it runs against the gateway only")
	}
	ctx := context.Background()
	tagged := tg.NewStack(t, "sweep-tagged")
	tagged.WriteCode("app")
	tagged.Converge(Tiny("app", ""))

	untaggedTarget := *tg
	untaggedTarget.Provider = tg.raw
	untagged := untaggedTarget.NewStack(t, "sweep-untagged")
	untagged.WriteCode("app")
	untagged.Converge(Tiny("app", ""))

	if swept, err := tg.Sweep(ctx, time.Now().Add(-SweepAge)); err != nil || len(swept) != 0 {
		t.Fatalf("a sweep of functions older than %s swept %v (err %v); every function here is younger", SweepAge, swept, err)
	}
	swept, err := tg.Sweep(ctx, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(swept, []string{tagged.Name}) {
		t.Errorf("swept %v, want only the tagged %s", swept, tagged.Name)
	}
	if _, err := tg.raw.GetFunction(ctx, tagged.Name); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("%s after the sweep: %v, want not found", tagged.Name, err)
	}
	if _, err := tg.raw.GetFunction(ctx, untagged.Name); err != nil {
		t.Errorf("the untagged %s after the sweep: %v, want it left alone", untagged.Name, err)
	}
	if err := tg.remove(ctx, "my-service"); err == nil {
		t.Errorf("remove deleted a function not named %s*", Prefix)
	}
}
