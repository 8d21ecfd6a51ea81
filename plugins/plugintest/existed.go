package plugintest

import (
	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// existed applies a plan made before another run created what it
// creates, as two runs of one stack without a lock would: the provider
// either refuses the creates (an error) or finds the resources there as
// planned and says so (providers.ReportExisted), so that apply reports
// nothing added; a create that succeeds silently would make apply claim
// another run's work. The step ends destroyed.
func (k *kit) existed() {
	k.t.Helper()
	stale := k.plan(false)
	want := map[string]plan.Action{fnAddr: plan.Create, wsAddr: plan.Create}
	if got := changes(stale); !sameChanges(got, want) {
		k.fatalf("the plan should make exactly %s; it makes %s%s", describe(want), describe(got), details(stale))
	}
	k.apply(want, false) // the other run
	k.settled()
	res, err := apply.Apply(k.ctx, stale, k.p, apply.Options{})
	if err != nil {
		k.t.Logf("plugintest: %s: the provider refuses to create what exists (%v): apply fails rather than report another run's work", k.step, err)
	} else {
		for _, d := range res.Done {
			if d.Action == plan.Create && !d.Existed {
				k.fatalf("apply of a plan made before another run created %s reports it created: the provider's create found it there and must say so (providers.ReportExisted, sdk.ReportExisted)", d.Change.Address)
			}
		}
		if res.Added != 0 {
			k.fatalf("apply of a plan whose creates another run made reports %d added; want 0", res.Added)
		}
		k.settled()
	}
	k.destroy()
}
