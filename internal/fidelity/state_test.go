package fidelity_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/fidelity"
)

// apply returns only once FC reports the function Active and its last
// update Successful: after a create and after an update, FC (and the
// strict gateway) answer before the change is done, and requests reach
// the previous code until then.
func TestApplyWaitsUntilTheFunctionSettles(t *testing.T) {
	t.Parallel()
	tg := fidelity.Open(t)
	s := tg.NewStack(t, "state")
	s.WriteEcho("echo")
	name := s.Name
	for _, version := range []string{"1", "2"} {
		st := s.Load(fidelity.Tiny("echo", `  timeout     = 30
  environment = { VERSION = "`+version+`" }`))
		var mu sync.Mutex
		var waits []string
		_, err := apply.Apply(context.Background(), s.Plan(st), tg.Provider, apply.Options{Progress: func(e apply.Event) {
			if e.Type == apply.Progressing {
				mu.Lock()
				waits = append(waits, e.Detail)
				mu.Unlock()
			}
		}})
		if err != nil {
			t.Fatalf("apply of version %s: %v", version, err)
		}
		state, update, err := tg.FunctionState(name)
		if err != nil {
			t.Fatal(err)
		}
		if state != "Active" || update != "Successful" {
			t.Errorf("version %s: apply returned while FC reports state %s, lastUpdateStatus %s", version, state, update)
		}
		// The local gateway holds every update InProgress for its state
		// delay, so the wait shows; FC may apply a small update at once.
		if version == "2" && !tg.Live && !strings.Contains(strings.Join(waits, "\n"), "lastUpdateStatus InProgress") {
			t.Errorf("the update's wait was not on the progress line: %q", waits)
		}
	}
}
