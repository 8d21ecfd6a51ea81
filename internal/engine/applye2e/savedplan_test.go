package applye2e

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/providers"
)

const varStack = `
stack = "saved"
variable "timeout" {
  type    = number
  default = 60
}
function "a" {
  code    = "./app"
  timeout = var.timeout
  http_trigger "ws" {
    methods = ["GET"]
  }
}
function "b" { code = "./app" }
`

// savePlan makes a plan of stack and writes it to a file, as plan -out
// does; the returned path is what apply PLANFILE reads.
func savePlan(t *testing.T, stack *config.Stack, p providers.Provider) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tfplan")
	if err := mustPlan(t, stack, p).SaveFile(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// resume loads a saved plan and checks it, as apply PLANFILE does.
func resume(t *testing.T, path string, stack *config.Stack, p providers.Provider) (*plan.Plan, error) {
	t.Helper()
	saved, err := plan.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Ready() {
		t.Fatal("a loaded plan claims to be ready before Resume")
	}
	if _, err := apply.Apply(ctx, saved, p, apply.Options{}); err == nil || !strings.Contains(err.Error(), "plan.Resume") {
		t.Fatalf("applying an unchecked plan: %v", err)
	}
	return plan.Resume(ctx, saved, stack, p, plan.Options{})
}

func TestSavedPlanApplies(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	sd := newStackDir(t)
	path := savePlan(t, sd.load(varStack), p)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("plan file mode %v, %v", fi.Mode(), err)
	}
	stack := loadStack(t, sd.dir) // a new process reads the files again
	pl, err := resume(t, path, stack, p)
	if err != nil {
		t.Fatal(err)
	}
	res := mustApply(t, pl, p)
	if res.Added != 3 {
		t.Errorf("added %d", res.Added)
	}
	if again := mustPlan(t, stack, p); again.HasChanges() {
		t.Errorf("plan after applying the saved plan:\n%s", describe(again))
	}
	// Applied once, the saved plan is stale: what it observed is gone.
	if _, err := resume(t, path, stack, p); !errors.Is(err, plan.ErrStale) {
		t.Errorf("re-applying a used plan: %v", err)
	}
}

func TestStalePlanIsRefused(t *testing.T) {
	// Deployed with a 60 s timeout; the saved plan moves a to 120 s.
	planned := config.VarArg{Assignment: "timeout=120"}
	cases := []struct {
		name   string
		change func(t *testing.T, p providers.Provider, sd *stackDir)
		vars   config.VarArg // what apply is run with
		want   string
	}{
		{"remote function changed", func(t *testing.T, p providers.Provider, _ *stackDir) {
			f, err := p.GetFunction(ctx, "a")
			if err != nil {
				t.Fatal(err)
			}
			f.Timeout = 30
			if _, err := p.UpdateFunction(ctx, f, nil); err != nil {
				t.Fatal(err)
			}
		}, planned, `function "a" changed on the provider since`},
		{"remote trigger changed", func(t *testing.T, p providers.Provider, _ *stackDir) {
			if _, err := p.UpdateTrigger(ctx, "a", &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET", "POST"}}); err != nil {
				t.Fatal(err)
			}
		}, planned, `function "a" changed on the provider since`},
		{"remote function deleted", func(t *testing.T, p providers.Provider, _ *stackDir) {
			if err := p.DeleteFunction(ctx, "b"); err != nil {
				t.Fatal(err)
			}
		}, planned, `function "b" was deleted on the provider since`},
		{"file changed", func(t *testing.T, _ providers.Provider, sd *stackDir) {
			sd.load(strings.Replace(varStack, "default = 60", "default = 61", 1))
		}, planned, "files or variable values changed"},
		{"variable value changed", func(*testing.T, providers.Provider, *stackDir) {},
			config.VarArg{Assignment: "timeout=90"}, "files or variable values changed"},
		{"code changed", func(_ *testing.T, _ providers.Provider, sd *stackDir) {
			sd.writeCode("app", "v2")
		}, planned, "the code of function.a is now"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := newGateway(t)
			p := g.provider(t)
			sd := newStackDir(t)
			converge(t, sd.load(varStack), p)
			path := savePlan(t, loadStack(t, sd.dir, planned), p)
			c.change(t, p, sd)
			before := g.functions(t)
			_, err := resume(t, path, loadStack(t, sd.dir, c.vars), p)
			if !errors.Is(err, plan.ErrStale) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "plan -out FILE again") {
				t.Fatalf("err = %v, want a stale plan saying %q", err, c.want)
			}
			if after := g.functions(t); !reflect.DeepEqual(after, before) {
				t.Errorf("a refused plan changed the gateway: %v → %v", before, after)
			}
		})
	}
}

func TestSavedPlanForAnotherProviderIsRefused(t *testing.T) {
	g := newGateway(t)
	sd := newStackDir(t)
	path := savePlan(t, sd.load(varStack), g.provider(t))
	_, err := resume(t, path, loadStack(t, sd.dir), g.providerIn(t, "cn-shanghai"))
	if !errors.Is(err, plan.ErrStale) || !strings.Contains(err.Error(), "against provider local (cn-hangzhou) of account 1234567890, not local (cn-shanghai)") {
		t.Errorf("err = %v", err)
	}
	// The same account and region behind another address (a restarted
	// local gateway) is the same provider.
	other := newGateway(t)
	pl, err := resume(t, path, loadStack(t, sd.dir), other.provider(t))
	if err != nil || !pl.Ready() {
		t.Errorf("resume at another endpoint: %v", err)
	}
}
