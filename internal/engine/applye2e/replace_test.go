package applye2e

import (
	"reflect"
	"strings"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

func TestReplaceBetweenCodeAndContainer(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	sd := newStackDir(t)
	code := `
stack = "swap"
function "fn" {
  code = "./app"
  environment = { A = "1" }
  http_trigger "ws" {
    methods = ["GET"]
  }
}
`
	container := `
stack = "swap"
function "fn" {
  runtime = "custom-container"
  environment = { A = "1" }
  container {
    image = "registry.cn-hangzhou.aliyuncs.com/ns/app:1"
  }
  http_trigger "ws" {
    methods = ["GET"]
  }
}
`
	converge(t, sd.load(code), p)
	for _, src := range []string{container, code} {
		stack := sd.load(src)
		pl := mustPlan(t, stack, p)
		want := map[string]plan.Action{"function.fn": plan.Replace, "function.fn.http_trigger.ws": plan.Replace}
		if got := actions(pl); !reflect.DeepEqual(got, want) {
			t.Fatalf("actions = %v, want %v", got, want)
		}
		fn := pl.Changes[0]
		forced := false
		for _, a := range fn.Attributes {
			forced = forced || a.Path == "runtime" && a.ForcesReplacement
		}
		if !forced || !strings.Contains(fn.Reason, "trigger URLs change") {
			t.Errorf("replace without its reason: %q %+v", fn.Reason, fn.Attributes)
		}
		if s := pl.Summary(); s != (plan.Summary{Add: 2, Destroy: 2}) {
			t.Errorf("summary %+v", s)
		}
		res := mustApply(t, pl, p)
		if res.Added != 2 || res.Destroyed != 2 {
			t.Errorf("added %d, destroyed %d", res.Added, res.Destroyed)
		}
		if again := mustPlan(t, stack, p); again.HasChanges() {
			t.Fatalf("plan after replace:\n%s", describe(again))
		}
	}
}

// A declared HTTP trigger whose name a trigger of another type holds
// replaces it (FC cannot change a trigger's type); other triggers of
// another type are left alone.
func TestTriggerOfAnotherTypeIsReplaced(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	sd := newStackDir(t)
	src := `
stack = "types"
function "fn" {
  code = "./app"
}
`
	converge(t, sd.load(src), p)
	for _, name := range []string{"ws", "nightly"} {
		if _, err := g.st.CreateTrigger("fn", &fc.Trigger{TriggerName: dara.String(name), TriggerType: dara.String("timer"),
			TriggerConfig: dara.String(`{"cronExpression":"@every 1h","enable":true}`)}); err != nil {
			t.Fatal(err)
		}
	}
	withWS := strings.Replace(src, `code = "./app"`, "code = \"./app\"\n  http_trigger \"ws\" {\n    methods = [\"GET\"]\n  }", 1)
	stack := sd.load(withWS)
	pl := mustPlan(t, stack, p)
	if got := actions(pl); !reflect.DeepEqual(got, map[string]plan.Action{"function.fn.http_trigger.ws": plan.Replace}) {
		t.Fatalf("actions = %v", got)
	}
	mustApply(t, pl, p)
	if again := mustPlan(t, stack, p); again.HasChanges() {
		t.Fatalf("plan after replace:\n%s", describe(again))
	}
	if got := g.functions(t)["fn"]; !reflect.DeepEqual(got, []string{"nightly", "ws"}) {
		t.Errorf("triggers %v", got)
	}
	// Destroy removes the other trigger too: FC will not delete a
	// function that has one.
	mustApply(t, mustPlanDestroy(t, stack, p), p)
	if got := g.functions(t); len(got) != 0 {
		t.Errorf("after destroy: %v", got)
	}
}
