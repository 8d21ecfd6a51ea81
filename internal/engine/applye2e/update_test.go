package applye2e

import (
	"reflect"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// baseFunction is the stack every update test starts from; each step
// replaces one line (or adds one) and expects exactly that attribute to
// change in place, then goes back, which must change it back (removing a
// health check or reserved concurrency included).
const baseFunction = `
stack = "upd"

function "fn" {
  code                 = "./app"
  description          = "v1"
  command              = ["./bootstrap"]
  memory_size          = 512
  timeout              = 60
  instance_concurrency = 10
  environment          = { A = "1", B = "2" }
  tags                 = { team = "x" }
  # extra

  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }
}
`

func TestUpdateInPlacePerAttribute(t *testing.T) {
	steps := []struct {
		name, old, new string
		address        string
		paths          []string
	}{
		{"description", `description          = "v1"`, `description = "v2"`, "function.fn", []string{"description"}},
		{"description removed", `description          = "v1"`, ``, "function.fn", []string{"description"}},
		{"runtime", `# extra`, `runtime = "custom.debian11"`, "function.fn", []string{"runtime"}},
		{"command", `command              = ["./bootstrap"]`, `command = ["./bootstrap", "-v"]`, "function.fn", []string{"command"}},
		{"args", `# extra`, `args = ["--log", "debug"]`, "function.fn", []string{"args"}},
		{"port", `# extra`, `port = 8080`, "function.fn", []string{"port"}},
		{"memory (and the default cpu)", `memory_size          = 512`, `memory_size = 2048`, "function.fn", []string{"memory_size", "cpu"}},
		{"cpu", `# extra`, `cpu = 0.5`, "function.fn", []string{"cpu"}},
		{"disk", `# extra`, `disk_size = 10240`, "function.fn", []string{"disk_size"}},
		{"timeout", `timeout              = 60`, `timeout = 3600`, "function.fn", []string{"timeout"}},
		{"instance concurrency", `instance_concurrency = 10`, `instance_concurrency = 200`, "function.fn", []string{"instance_concurrency"}},
		{"max instances", `# extra`, `max_instances = 3`, "function.fn", []string{"max_instances"}},
		{"max instances 0", `# extra`, `max_instances = 0`, "function.fn", []string{"max_instances"}},
		{"env value", `environment          = { A = "1", B = "2" }`, `environment = { A = "1", B = "3" }`, "function.fn", []string{"environment.B"}},
		{"env key added", `environment          = { A = "1", B = "2" }`, `environment = { A = "1", B = "2", C = "" }`, "function.fn", []string{"environment.C"}},
		{"env removed", `environment          = { A = "1", B = "2" }`, ``, "function.fn", []string{"environment.A", "environment.B"}},
		{"tag", `tags                 = { team = "x" }`, `tags = { team = "y", env = "prod" }`, "function.fn", []string{"tags.env", "tags.team"}},
		{"health check", `# extra`, `health_check {
    http_get_url    = "/healthz"
    timeout_seconds = 2
  }`, "function.fn", []string{"health_check.failure_threshold", "health_check.http_get_url", "health_check.period_seconds", "health_check.success_threshold", "health_check.timeout_seconds"}},
		{"trigger methods", `methods   = ["GET"]`, `methods = ["POST", "GET"]`, "function.fn.http_trigger.ws", []string{"methods"}},
		{"trigger auth", `auth_type = "anonymous"`, `auth_type = "function"`, "function.fn.http_trigger.ws", []string{"auth_type"}},
		{"trigger url", `auth_type = "anonymous"`, `auth_type = "anonymous"
    disable_url_internet = true`, "function.fn.http_trigger.ws", []string{"disable_url_internet"}},
		{"trigger description", `auth_type = "anonymous"`, `auth_type = "anonymous"
    description = "public"`, "function.fn.http_trigger.ws", []string{"description"}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			g := newGateway(t)
			p := g.provider(t)
			sd := newStackDir(t)
			converge(t, sd.load(baseFunction), p)
			if !strings.Contains(baseFunction, st.old) {
				t.Fatalf("the base stack has no %q", st.old)
			}
			changed := strings.Replace(baseFunction, st.old, st.new, 1)
			for _, src := range []string{changed, baseFunction} {
				updateOnly(t, g, sd.load(src), st.address, st.paths)
			}
		})
	}
}

// updateOnly plans stack, expects one in-place update of address that
// changes paths and no code, applies it and expects an empty plan.
func updateOnly(t *testing.T, g *gateway, stack *config.Stack, address string, paths []string) {
	t.Helper()
	p := g.provider(t)
	pl := mustPlan(t, stack, p)
	if got := actions(pl); !reflect.DeepEqual(got, map[string]plan.Action{address: plan.Update}) {
		t.Fatalf("actions = %v, want an update of %s:\n%s", got, address, describe(pl))
	}
	var got []string
	for _, c := range pl.Changes {
		if c.Address == address {
			for _, a := range c.Attributes {
				got = append(got, a.Path)
			}
			if c.Code != nil && c.Code.Changed() {
				t.Errorf("code marked changed: %+v", c.Code)
			}
		}
	}
	if !reflect.DeepEqual(got, paths) {
		t.Errorf("changed attributes %v, want %v", got, paths)
	}
	_, _, uploads := g.counts("")
	mustApply(t, pl, p)
	if again := mustPlan(t, stack, p); again.HasChanges() {
		t.Fatalf("plan after the update is not empty:\n%s", describe(again))
	}
	if _, _, after := g.counts(""); after != uploads {
		t.Errorf("an attribute update uploaded the code again (%d uploads)", after-uploads)
	}
}

func TestCodeChangeUploadsOnlyWhatChanged(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	sd := newStackDir(t)
	sd.writeCode("other", "other-v1")
	src := `
stack = "code"
function "a" { code = "./app" }
function "b" { code = "./other" }
`
	converge(t, sd.load(src), p)
	_, _, uploads := g.counts("")
	if uploads != 2 {
		t.Fatalf("%d uploads for two new functions", uploads)
	}

	unchanged := mustPlan(t, sd.load(src), p)
	for _, c := range unchanged.Changes {
		if c.Action != plan.NoOp || c.Code == nil || c.Code.Changed() {
			t.Errorf("%s: %s, code %+v; want no-op with matching checksums", c.Address, c.Action, c.Code)
		}
	}

	sd.writeCode("other", "other-v2")
	pl := mustPlan(t, sd.load(src), p)
	if got := actions(pl); !reflect.DeepEqual(got, map[string]plan.Action{"function.b": plan.Update}) {
		t.Fatalf("actions = %v", got)
	}
	var code *plan.Code
	for _, c := range pl.Changes {
		if c.Address == "function.b" {
			code = c.Code
		}
	}
	if code == nil || !code.Changed() || code.Before == "" || code.After == "" || len(pl.Changes[1].Attributes) != 0 {
		t.Fatalf("code change %+v", code)
	}
	mustApply(t, pl, p)
	if _, _, after := g.counts(""); after != uploads+1 {
		t.Errorf("%d uploads for one changed function, want 1", after-uploads)
	}
	if again := mustPlan(t, sd.load(src), p); again.HasChanges() {
		t.Errorf("plan after the code update:\n%s", describe(again))
	}
}

// Renaming an HTTP trigger deletes the old one first: the gateway, like FC,
// refuses a second HTTP trigger on a function.
func TestRenameHTTPTrigger(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	sd := newStackDir(t)
	converge(t, sd.load(baseFunction), p)
	renamed := strings.Replace(baseFunction, `http_trigger "ws"`, `http_trigger "socket"`, 1)
	pl := mustPlan(t, sd.load(renamed), p)
	want := map[string]plan.Action{"function.fn.http_trigger.socket": plan.Create, "function.fn.http_trigger.ws": plan.Delete}
	if got := actions(pl); !reflect.DeepEqual(got, want) {
		t.Fatalf("actions = %v, want %v", got, want)
	}
	mustApply(t, pl, p)
	if again := mustPlan(t, sd.load(renamed), p); again.HasChanges() {
		t.Fatalf("plan after the rename is not empty:\n%s", describe(again))
	}
	if fns := g.functions(t); !reflect.DeepEqual(fns, map[string][]string{"fn": {"socket"}}) {
		t.Errorf("functions and triggers: %v", fns)
	}
}
