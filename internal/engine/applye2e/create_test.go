package applye2e

import (
	"reflect"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

const chatStack = `
stack = "chat"

function "chat" {
  code                 = "./app"
  command              = ["./bootstrap", "--serve"]
  memory_size          = 1024
  timeout              = 600
  instance_concurrency = 20
  max_instances        = 5
  environment          = { REDIS_URL = "redis://cache:6379", MODE = "prod" }
  tags                 = { team = "chat" }

  health_check {
    http_get_url = "/ready"
  }

  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }
}

function "echo" {
  name    = "echo-v2"
  code    = "./app"
  timeout = 300

  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }
}

output "chat_url" {
  value = function.chat.http_trigger.ws.url
}
`

func TestCreateFromEmpty(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	stack := newStackDir(t).load(chatStack)

	pl := mustPlan(t, stack, p)
	want := map[string]plan.Action{
		"function.chat": plan.Create, "function.chat.http_trigger.ws": plan.Create,
		"function.echo": plan.Create, "function.echo.http_trigger.ws": plan.Create,
	}
	if got := actions(pl); !reflect.DeepEqual(got, want) {
		t.Fatalf("actions = %v, want %v", got, want)
	}
	if s := pl.Summary(); s != (plan.Summary{Add: 4}) {
		t.Errorf("summary = %+v", s)
	}
	res := converge(t, stack, p)
	if res.Added != 4 || res.Changed != 0 || res.Destroyed != 0 || len(res.Failed) != 0 {
		t.Errorf("result: %d added, %d changed, %d destroyed, %v failed", res.Added, res.Changed, res.Destroyed, res.Failed)
	}
	if got := g.functions(t); !reflect.DeepEqual(got, map[string][]string{"chat": {"ws"}, "echo-v2": {"ws"}}) {
		t.Errorf("gateway holds %v", got)
	}
	if _, ok, uploads := g.counts("CreateFunction"); ok != 2 || uploads != 2 {
		t.Errorf("%d functions created with %d uploads, want 2 and 2", ok, uploads)
	}
	outs, diags := apply.Outputs(stack, res)
	if diags.HasErrors() || len(outs) != 1 || !strings.HasPrefix(outs[0].Value.AsString(), "http://127.0.0.1:9/chat-") {
		t.Errorf("outputs %v, %v", outs, diags)
	}
	if got := res.ChangedFunctions(); !reflect.DeepEqual(got, []string{"chat", "echo"}) {
		t.Errorf("changed functions %v", got)
	}
}

// The second plan carries the URLs of unchanged triggers, so outputs work
// after an apply that changed nothing.
func TestNoOpApplyKnowsURLs(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	stack := newStackDir(t).load(chatStack)
	converge(t, stack, p)
	calls, _, _ := g.counts("UpdateFunction")
	res := mustApply(t, mustPlan(t, stack, p), p)
	if again, _, _ := g.counts("UpdateFunction"); again != calls || len(res.Done) != 0 {
		t.Errorf("a no-op apply made %d updates, %d steps", again-calls, len(res.Done))
	}
	outs, _ := apply.Outputs(stack, res)
	if len(outs) != 1 || !outs[0].Value.IsKnown() || !strings.Contains(outs[0].Value.AsString(), "/chat-") {
		t.Errorf("outputs after a no-op apply: %v", outs)
	}
}
