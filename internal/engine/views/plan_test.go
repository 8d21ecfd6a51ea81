package views

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// testPlan has one change of every kind, as plan.Make would report them.
func testPlan(t *testing.T) *plan.Plan {
	t.Helper()
	var p plan.Plan
	src := `{
  "format_version": 1, "stack": "demo", "provider": {"name": "local", "region": "cn-hangzhou"},
  "changes": [
    {"address": "function.api", "kind": "function", "label": "api", "function": "api", "action": "replace",
     "reason": "runtime custom.debian12 → custom-container switches packaging",
     "attributes": [{"path": "runtime", "action": "update", "before": "custom.debian12", "after": "custom-container", "forces_replacement": true}]},
    {"address": "function.chat", "kind": "function", "label": "chat", "function": "chat-prod", "action": "update",
     "attributes": [
       {"path": "memory_size", "action": "update", "before": 512, "after": 1024},
       {"path": "environment.TOKEN", "action": "update", "sensitive": true},
       {"path": "environment.NEW", "action": "create", "after": "x"},
       {"path": "command", "action": "delete", "before": ["./a","-v"]}],
     "code": {"before": "111", "after": "111", "files": 2, "size": 2048}},
    {"address": "function.chat.http_trigger.ws", "kind": "http_trigger", "label": "chat", "function": "chat-prod", "trigger": "ws",
     "action": "no-op", "url": "https://x"},
    {"address": "function.echo", "kind": "function", "label": "echo", "function": "echo", "action": "create",
     "attributes": [{"path": "name", "action": "create", "after": "echo"}],
     "code": {"after": "222", "files": 1, "size": 10}},
    {"address": "function.echo.http_trigger.ws", "kind": "http_trigger", "label": "echo", "function": "echo", "trigger": "ws", "action": "create",
     "attributes": [{"path": "methods", "action": "create", "after": ["GET","POST"]}]},
    {"address": "function.old", "kind": "function", "label": "old", "function": "old", "action": "delete", "reason": "owned by this stack but no longer declared"}
  ]}`
	if err := json.Unmarshal([]byte(src), &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

func TestPlanHuman(t *testing.T) {
	var o testOutput
	NewPlan(&Human{Streams: o.streams(0)}).Plan(testPlan(t))
	want := `
Resource actions are indicated with the following symbols:
  + create
  ~ update in place
  - destroy
-/+ destroy and then create replacement

wsdeploy will perform the following actions on local (cn-hangzhou):

  # function.api must be replaced
  # (runtime custom.debian12 → custom-container switches packaging)
-/+ function "api" {
      ~ runtime = "custom.debian12" → "custom-container" # forces replacement
    }

  # function.chat will be updated in place
  ~ function "chat" {
      ~ memory_size       = 512 → 1024
      ~ environment.TOKEN = (sensitive value)
      + environment.NEW   = "x"
      - command           = ["./a", "-v"] → null
        code              = unchanged (CRC-64 match)
    }

  # function.echo will be created
  + function "echo" {
      + name = "echo"
      + code = new (CRC-64 222, 1 file in 10 B)
    }

  # function.echo.http_trigger.ws will be created
  + http_trigger "ws" {
      + methods = ["GET", "POST"]
    }

  # function.old will be destroyed
  # (owned by this stack but no longer declared)
  - function "old"

Plan: 3 to add, 1 to change, 2 to destroy.
`
	if got := o.stdout.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestPlanHumanNoChanges(t *testing.T) {
	var o testOutput
	p := &plan.Plan{Stack: "demo", Provider: plan.Provider{Name: "local"}, Changes: []*plan.Change{{Action: plan.NoOp}}}
	NewPlan(&Human{Streams: o.streams(0)}).Plan(p)
	if got := o.stdout.String(); got != "\nNo changes. Your functions match the configuration.\n" {
		t.Errorf("got %q", got)
	}
	o = testOutput{}
	p.Destroy = true
	NewPlan(&Human{Streams: o.streams(0)}).Plan(p)
	if got := o.stdout.String(); !strings.Contains(got, `Stack "demo" owns no functions on local.`) {
		t.Errorf("got %q", got)
	}
}

func TestPlanHumanColours(t *testing.T) {
	var o testOutput
	s := o.streams(0)
	s.Stdout.Color = NewColor(true)
	NewPlan(&Human{Streams: s}).Plan(testPlan(t))
	out := o.stdout.String()
	for _, want := range []string{"\x1b[31m-\x1b[0m/\x1b[32m+\x1b[0m function \"api\"", "\x1b[33m~\x1b[0m memory_size", "\x1b[32m+\x1b[0m environment.NEW"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

func TestPlanJSON(t *testing.T) {
	var o testOutput
	v := NewPlan(newTestJSON(&o))
	v.Progress(plan.Progress{Kind: plan.BuildDone, Address: "function.echo", Elapsed: 1500 * time.Millisecond})
	v.Plan(testPlan(t))
	evs := events(t, o.stdout.String())
	var types []string
	for _, e := range evs {
		types = append(types, e["type"].(string))
	}
	if got := strings.Join(types, " "); got != "version build_complete planned_change planned_change planned_change planned_change planned_change change_summary" {
		t.Fatalf("events: %s", got)
	}
	if evs[1]["elapsed_seconds"] != 1.5 {
		t.Errorf("build event %v", evs[1])
	}
	ch := evs[3]["change"].(map[string]any)
	if ch["address"] != "function.chat" || ch["action"] != "update" || evs[3]["@message"] != "function.chat: Plan to update" {
		t.Errorf("planned_change %v", evs[3])
	}
	attrs := ch["attributes"].([]any)
	token := attrs[1].(map[string]any)
	if token["sensitive"] != true || token["before"] != nil || token["after"] != nil {
		t.Errorf("sensitive attribute %v", token)
	}
	sum := evs[len(evs)-1]["changes"].(map[string]any)
	if sum["add"] != 3.0 || sum["change"] != 1.0 || sum["remove"] != 2.0 || sum["operation"] != "plan" {
		t.Errorf("summary %v", sum)
	}
}
