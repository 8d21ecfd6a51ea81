package fidelity_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/fidelity"
)

// Two updates of one function at once (two CI runs, say): FC answers the
// one that finds the other's update still in progress 409
// ConcurrentUpdateError (the strict gateway too, for its state delay),
// and the provider retries it as it retries throttling, so both land, one
// after the other, and the function ends with one of them.
func TestRacingUpdatesBothLand(t *testing.T) {
	t.Parallel()
	tg := fidelity.Open(t)
	s := tg.NewStack(t, "racing")
	s.WriteCode("app")
	s.Converge(fidelity.Tiny("app", ""))
	ctx := context.Background()
	f, err := tg.Provider.GetFunction(ctx, s.Name)
	if err != nil {
		t.Fatal(err)
	}
	descriptions := []string{"updated by the first run", "updated by the second run"}
	errs := make([]error, len(descriptions))
	var wg sync.WaitGroup
	for i, d := range descriptions {
		wg.Go(func() {
			g := *f
			g.Description = d
			_, errs[i] = tg.Provider.UpdateFunction(ctx, &g, nil)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("update %d of two at once: %v; want it retried until it lands", i+1, err)
		}
	}
	got, err := tg.Provider.GetFunction(ctx, s.Name)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(descriptions, got.Description) {
		t.Errorf("after both updates the description is %q, want one of theirs", got.Description)
	}
	state, update, err := tg.FunctionState(s.Name)
	if err != nil || state != "Active" || update != "Successful" {
		t.Errorf("after both updates FC reports state %s, lastUpdateStatus %s (%v), want Active and Successful", state, update, err)
	}
}
