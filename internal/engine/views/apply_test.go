package views

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

var (
	fnChange = &plan.Change{Address: "function.chat", Kind: plan.KindFunction, Label: "chat", Function: "chat"}
	wsChange = &plan.Change{Address: "function.chat.http_trigger.ws", Kind: plan.KindHTTPTrigger, Label: "chat", Function: "chat", Trigger: "ws"}
)

func applyEvents() []apply.Event {
	return []apply.Event{
		{Type: apply.Started, Change: fnChange, Action: plan.Create},
		{Type: apply.Complete, Change: fnChange, Action: plan.Create, Elapsed: 230 * time.Millisecond},
		{Type: apply.Started, Change: wsChange, Action: plan.Delete, Replace: true},
		{Type: apply.Errored, Change: wsChange, Action: plan.Delete, Replace: true, Elapsed: 12 * time.Second, Err: errors.New("function.chat.http_trigger.ws: deleting: boom")},
		{Type: apply.Skipped, Change: wsChange, Action: plan.Create, Replace: true, Err: errors.New("function.chat.http_trigger.ws was not deleted")},
	}
}

func TestApplyHuman(t *testing.T) {
	var o testOutput
	v := NewApply(&Human{Streams: o.streams(0)})
	for _, e := range applyEvents() {
		v.Progress(e)
	}
	v.Result(&apply.Result{Added: 1, Failed: []*apply.StepError{{}}, Skipped: []apply.Skip{{}}})
	v.Outputs([]apply.Output{
		{Name: "url", Value: cty.StringVal("https://chat.fcapp.run")},
		{Name: "token", Sensitive: true, Value: cty.StringVal("secret-token-value")},
		{Name: "later", Value: cty.UnknownVal(cty.String)},
	})
	want := `function.chat: Creating...
function.chat: Creation complete after 0.2s
function.chat.http_trigger.ws: Destroying...
function.chat.http_trigger.ws: Destruction failed after 12s
function.chat.http_trigger.ws: not attempted: function.chat.http_trigger.ws was not deleted

Apply incomplete! Resources: 1 added, 0 changed, 0 destroyed. 1 operation failed, 1 not attempted.
Fix the errors above and run the same command again: it plans only the remaining work.

Outputs:

url = "https://chat.fcapp.run"
token = <sensitive>
later = (not known: what it refers to was not created)
`
	if got := o.stdout.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if !strings.HasPrefix(o.stderr.String(), "Error: ") {
		t.Errorf("failures not on stderr: %q", o.stderr.String())
	}
}

func TestApplyHumanSuccess(t *testing.T) {
	for _, c := range []struct {
		res  *apply.Result
		want string
	}{
		{&apply.Result{Added: 2, Changed: 1, Destroyed: 3}, "\nApply complete! Resources: 2 added, 1 changed, 3 destroyed.\n"},
		{&apply.Result{Destroy: true, Destroyed: 3}, "\nDestroy complete! Resources: 3 destroyed.\n"},
	} {
		var o testOutput
		NewApply(&Human{Streams: o.streams(0)}).Result(c.res)
		if got := o.stdout.String(); got != c.want || o.stderr.Len() != 0 {
			t.Errorf("got %q, stderr %q", got, o.stderr.String())
		}
	}
}

func TestApplyJSON(t *testing.T) {
	var o testOutput
	v := NewApply(newTestJSON(&o))
	for _, e := range applyEvents() {
		v.Progress(e)
	}
	v.Result(&apply.Result{Destroy: true, Destroyed: 2})
	v.Outputs([]apply.Output{
		{Name: "url", Value: cty.StringVal("https://chat.fcapp.run")},
		{Name: "token", Sensitive: true, Value: cty.StringVal("secret-token-value")},
	})
	out := o.stdout.String()
	if strings.Contains(out, "secret-token-value") {
		t.Error("a sensitive output's value is in the stream")
	}
	evs := events(t, out)
	var types []string
	for _, e := range evs {
		types = append(types, e["type"].(string))
	}
	if got := strings.Join(types, " "); got != "version apply_start apply_complete apply_start apply_errored apply_skipped change_summary outputs" {
		t.Fatalf("events: %s", got)
	}
	done := evs[2]["hook"].(map[string]any)
	if done["action"] != "create" || done["elapsed_seconds"] != 0.23 || done["resource"].(map[string]any)["addr"] != "function.chat" {
		t.Errorf("apply_complete %v", done)
	}
	failed := evs[4]
	if failed["@level"] != "error" || failed["hook"].(map[string]any)["error"] != "function.chat.http_trigger.ws: deleting: boom" || failed["hook"].(map[string]any)["replace"] != true {
		t.Errorf("apply_errored %v", failed)
	}
	sum := evs[6]["changes"].(map[string]any)
	if sum["operation"] != "destroy" || sum["remove"] != 2.0 || evs[6]["@message"] != "Destroy complete! Resources: 0 added, 0 changed, 2 destroyed." {
		t.Errorf("change_summary %v", evs[6])
	}
	outs := evs[7]["outputs"].(map[string]any)
	url, token := outs["url"].(map[string]any), outs["token"].(map[string]any)
	if url["value"] != "https://chat.fcapp.run" || url["type"] != "string" || token["sensitive"] != true || token["value"] != nil {
		t.Errorf("outputs %v", outs)
	}
}
