package aliyun

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
)

// triggerConfigOf is t without the fields only a read fills.
func triggerConfigOf(t *providers.HTTPTrigger) providers.HTTPTrigger {
	c := *t
	c.URLInternet, c.URLIntranet, c.LastModified = "", "", ""
	return c
}

func TestTriggerLifecycle(t *testing.T) {
	p := newGateway(t).provider(t)
	if _, err := p.CreateFunction(ctx, wsFunction("chat", "demo"), codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	// As the engine might write it: methods in any case, order and
	// repetition, the auth type left to FC's default.
	written := &providers.HTTPTrigger{Name: "ws", Description: "websocket", Methods: []string{"post", "GET", "get"}}
	want := providers.HTTPTrigger{Name: "ws", Description: "websocket", Methods: []string{"GET", "POST"}, AuthType: "function"}

	created, err := p.CreateTrigger(ctx, "chat", written)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(triggerConfigOf(created), triggerConfigOf(&want)) {
		t.Errorf("created = %+v, want %+v", triggerConfigOf(created), want)
	}
	if !strings.HasPrefix(created.URLInternet, "http://127.0.0.1:9/chat-") || !strings.HasPrefix(created.URLIntranet, "http://127.0.0.1:9/vpc/") {
		t.Errorf("URLs: %q %q", created.URLInternet, created.URLIntranet)
	}
	f, err := p.GetFunction(ctx, "chat")
	if err != nil || len(f.Triggers) != 1 {
		t.Fatalf("GetFunction: %v, triggers %v", err, f.Triggers)
	}
	if !reflect.DeepEqual(f.Triggers[0], created) {
		t.Errorf("GetFunction's trigger %+v, CreateTrigger's %+v", f.Triggers[0], created)
	}

	update := []func(t *providers.HTTPTrigger){
		func(t *providers.HTTPTrigger) { t.Methods = []string{"GET"} },
		func(t *providers.HTTPTrigger) { t.AuthType = "anonymous" },
		func(t *providers.HTTPTrigger) { t.DisableURLInternet = true },
		func(t *providers.HTTPTrigger) { t.Description = "" },
		func(t *providers.HTTPTrigger) {
			t.Methods = []string{"PUT", "GET", "OPTIONS"}
			t.DisableURLInternet = false
		},
	}
	cur := want
	for i, change := range update {
		change(&cur)
		got, err := p.UpdateTrigger(ctx, "chat", &cur)
		if err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
		norm := providers.NormalizeTrigger(&cur)
		if !reflect.DeepEqual(triggerConfigOf(got), triggerConfigOf(norm)) {
			t.Errorf("update %d: %+v, want %+v", i, triggerConfigOf(got), *norm)
		}
		if got.URLInternet != created.URLInternet {
			t.Errorf("update %d changed the URL: %s → %s", i, created.URLInternet, got.URLInternet)
		}
		f, _ := p.GetFunction(ctx, "chat")
		if !reflect.DeepEqual(f.Triggers, []*providers.HTTPTrigger{got}) {
			t.Errorf("update %d: GetFunction shows %+v", i, f.Triggers)
		}
	}

	if err := p.DeleteTrigger(ctx, "chat", "ws"); err != nil {
		t.Fatal(err)
	}
	if f, _ := p.GetFunction(ctx, "chat"); f.Triggers != nil {
		t.Errorf("after delete: %+v", f.Triggers)
	}
}

func TestTriggersSortedAndOtherTypesSeparate(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	if _, err := p.CreateFunction(ctx, wsFunction("chat", "demo"), codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	// FC allows one http trigger per function; timer triggers made outside
	// wsdeploy sort before and after it.
	if _, err := p.CreateTrigger(ctx, "chat", &providers.HTTPTrigger{Name: "mid", Methods: []string{"GET"}, AuthType: "anonymous"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"zeta", "cron", "alpha"} {
		_, err := p.fc.CreateTrigger(dara.String("chat"), &fc.CreateTriggerRequest{Body: &fc.CreateTriggerInput{
			TriggerName: dara.String(name), TriggerType: dara.String("timer"), TriggerConfig: dara.String(`{"cronExpression":"@every 1m","enable":true}`),
		}})
		if err != nil {
			t.Fatal(err)
		}
	}
	listPageSize = 2 // several pages of triggers
	t.Cleanup(func() { listPageSize = 100 })
	f, err := p.GetFunction(ctx, "chat")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tr := range f.Triggers {
		names = append(names, tr.Name)
	}
	if strings.Join(names, ",") != "mid" || !reflect.DeepEqual(f.OtherTriggers, []string{"alpha", "cron", "zeta"}) {
		t.Errorf("triggers %v, other %v", names, f.OtherTriggers)
	}
	if g.count("ListTriggers") < 2 {
		t.Errorf("ListTriggers called %d times; expected pages", g.count("ListTriggers"))
	}
}

func TestCreateTriggerThatExists(t *testing.T) {
	p := newGateway(t).provider(t)
	if _, err := p.CreateFunction(ctx, wsFunction("chat", "demo"), codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	tr := &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}, AuthType: "anonymous"}
	first, err := p.CreateTrigger(ctx, "chat", tr)
	if err != nil {
		t.Fatal(err)
	}
	// The same trigger again (a re-run after a lost answer): accepted.
	again, err := p.CreateTrigger(ctx, "chat", tr)
	if err != nil || !reflect.DeepEqual(again, first) {
		t.Fatalf("same trigger again: %v, %+v vs %+v", err, again, first)
	}
	// A different one under the same name: FC's error stands.
	_, err = p.CreateTrigger(ctx, "chat", &providers.HTTPTrigger{Name: "ws", Methods: []string{"POST"}})
	var api *APIError
	if !errors.As(err, &api) || api.Code != "TriggerAlreadyExists" || !strings.Contains(err.Error(), "differs") {
		t.Errorf("different trigger, same name: %v", err)
	}
}
