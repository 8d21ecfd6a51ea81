package applye2e

import (
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// A run whose plan was made before another run created the same resources
// (no lock: a plugin provider, or a plan saved earlier) finds each of them
// already there as planned. Its report says only what it did: nothing
// added, each create marked as found, not made.
func TestCreateOfWhatAnotherRunCreatedIsNotReportedAsAdded(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	stack := newStackDir(t).load(chatStack)
	stale := mustPlan(t, stack, p)
	if other := converge(t, stack, p); other.Added != 4 {
		t.Fatalf("the other run added %d, want 4", other.Added)
	}

	var existed []string
	res, err := apply.Apply(ctx, stale, p, apply.Options{Parallelism: 4, Progress: func(e apply.Event) {
		if e.Type == apply.Complete && e.Detail == apply.ExistedDetail {
			existed = append(existed, e.Change.Address)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 0 || res.Changed != 0 || res.Destroyed != 0 {
		t.Errorf("the second run reports %d added, %d changed, %d destroyed; it did nothing", res.Added, res.Changed, res.Destroyed)
	}
	if len(res.Done) != 4 || len(existed) != 4 {
		t.Fatalf("%d steps done, %d reported as found: %v", len(res.Done), len(existed), existed)
	}
	for _, d := range res.Done {
		if d.Action != plan.Create || !d.Existed {
			t.Errorf("%s: %s, existed %v", d.Change.Address, d.Action, d.Existed)
		}
	}
}
