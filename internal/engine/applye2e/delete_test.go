package applye2e

import (
	"reflect"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

const twoFunctions = `
stack = "two"
function "keep" {
  code = "./app"
  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }
}
function "drop" {
  code = "./app"
  http_trigger "old" {
    methods = ["GET"]
  }
}
`

func TestDeleteWhatIsNoLongerDeclared(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	sd := newStackDir(t)
	converge(t, sd.load(twoFunctions), p)

	onlyKeep := twoFunctions[:strings.Index(twoFunctions, `function "drop"`)]
	pl := mustPlan(t, sd.load(onlyKeep), p)
	want := map[string]plan.Action{"function.drop": plan.Delete, "function.drop.http_trigger.old": plan.Delete}
	if got := actions(pl); !reflect.DeepEqual(got, want) {
		t.Fatalf("actions = %v, want %v", got, want)
	}
	for _, c := range pl.Changes {
		if c.Action == plan.Delete && (c.Reason == "" || len(c.Attributes) > 0) {
			t.Errorf("%s: reason %q, %d attributes; want a reason and no attributes", c.Address, c.Reason, len(c.Attributes))
		}
	}
	res := mustApply(t, pl, p)
	if res.Destroyed != 2 {
		t.Errorf("destroyed %d", res.Destroyed)
	}
	if got := g.functions(t); !reflect.DeepEqual(got, map[string][]string{"keep": {"ws"}}) {
		t.Errorf("gateway holds %v", got)
	}
	// A trigger removed from a function that stays is deleted alone.
	noOld := strings.Replace(twoFunctions, "http_trigger \"old\" {\n    methods = [\"GET\"]\n  }\n", "", 1)
	converge(t, sd.load(twoFunctions), p)
	pl = mustPlan(t, sd.load(noOld), p)
	if got := actions(pl); !reflect.DeepEqual(got, map[string]plan.Action{"function.drop.http_trigger.old": plan.Delete}) {
		t.Fatalf("actions = %v", got)
	}
}
