package applye2e

import (
	"reflect"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

func TestDestroyRemovesWhatTheStackOwnsAndNothingElse(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	mine := newStackDir(t)
	stack := mine.load(twoFunctions)
	converge(t, stack, p)
	other := newStackDir(t)
	converge(t, other.load(`
stack = "neighbour"
function "next-door" {
  code = "./app"
  http_trigger "ws" {
    methods = ["GET"]
  }
}
`), p)

	pl := mustPlanDestroy(t, stack, p)
	if s := pl.Summary(); s != (plan.Summary{Destroy: 4}) || !pl.Destroy {
		t.Fatalf("summary %+v, destroy %v:\n%s", s, pl.Destroy, describe(pl))
	}
	res := mustApply(t, pl, p)
	if res.Destroyed != 4 || !res.Destroy {
		t.Errorf("destroyed %d", res.Destroyed)
	}
	if got := g.functions(t); !reflect.DeepEqual(got, map[string][]string{"next-door": {"ws"}}) {
		t.Errorf("gateway holds %v", got)
	}
	if again := mustPlanDestroy(t, stack, p); again.HasChanges() {
		t.Errorf("a second destroy plans:\n%s", describe(again))
	}
}

// A function deleted by hand after the plan was made is destroyed all the
// same: deleting what is gone is done.
func TestDestroyToleratesWhatIsAlreadyGone(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	stack := newStackDir(t).load(twoFunctions)
	converge(t, stack, p)
	pl := mustPlanDestroy(t, stack, p)
	if err := p.DeleteTrigger(ctx, "drop", "old"); err != nil {
		t.Fatal(err)
	}
	res := mustApply(t, pl, p)
	if res.Destroyed != 4 || len(g.functions(t)) != 0 {
		t.Errorf("destroyed %d; left %v", res.Destroyed, g.functions(t))
	}
}

func TestTargets(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	sd := newStackDir(t)
	stack := sd.load(twoFunctions)
	pl := mustPlan(t, stack, p, "function.keep")
	want := map[string]plan.Action{"function.keep": plan.Create, "function.keep.http_trigger.ws": plan.Create}
	if got := actions(pl); !reflect.DeepEqual(got, want) {
		t.Fatalf("actions = %v", got)
	}
	mustApply(t, pl, p)
	if got := g.functions(t); !reflect.DeepEqual(got, map[string][]string{"keep": {"ws"}}) {
		t.Errorf("gateway holds %v", got)
	}
	converge(t, stack, p)

	// A target may name an owned function no longer declared, to delete
	// just that one.
	onlyKeep := sd.load(`
stack = "two"
function "keep" {
  code = "./app"
  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }
}
`)
	pl = mustPlan(t, onlyKeep, p, "function.drop")
	if s := pl.Summary(); s != (plan.Summary{Destroy: 2}) {
		t.Errorf("summary %+v:\n%s", s, describe(pl))
	}
	// And destroy can target.
	pl = mustPlanDestroy(t, onlyKeep, p, "function.keep")
	if got := actions(pl); !reflect.DeepEqual(got, map[string]plan.Action{"function.keep": plan.Delete, "function.keep.http_trigger.ws": plan.Delete}) {
		t.Errorf("destroy -target: %v", got)
	}

	for _, bad := range []string{"keep", "function.keep.http_trigger.ws", "function.nothing"} {
		if _, err := plan.Make(ctx, onlyKeep, p, plan.Options{Targets: []string{bad}}); err == nil {
			t.Errorf("-target %s accepted", bad)
		}
	}
}
