package controlapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

func TestTriggerLifecycle(t *testing.T) {
	e := newEnv(t)
	f := e.create(fnInput("chat", zipOf(t, "v1")))
	e.takeEvents()

	tr := e.createTrigger("chat", "ws", `{"methods":["GET","POST","GET"]}`)
	rec, err := e.st.GetTrigger("chat", "ws")
	if err != nil {
		t.Fatal(err)
	}
	wantURL := "http://127.0.0.1:9/" + rec.URLID
	checks := []struct {
		field     string
		got, want any
	}{
		{"triggerConfig (defaults filled, duplicates dropped)", dara.StringValue(tr.TriggerConfig), `{"authType":"function","disableURLInternet":false,"methods":["GET","POST"]}`},
		{"httpTrigger.urlInternet", dara.StringValue(tr.HttpTrigger.GetUrlInternet()), wantURL},
		{"httpTrigger.urlIntranet", dara.StringValue(tr.HttpTrigger.GetUrlIntranet()), "http://127.0.0.1:9/vpc/" + rec.URLID},
		{"qualifier", dara.StringValue(tr.Qualifier), "LATEST"},
		{"targetArn", dara.StringValue(tr.TargetArn), dara.StringValue(f.FunctionArn)},
		{"createdTime", dara.StringValue(tr.CreatedTime), "2024-05-01T08:15:27Z"},
		{"triggerId set", dara.StringValue(tr.TriggerId) != "", true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.field, c.got, c.want)
		}
	}
	got, err := e.client.GetTrigger(dara.String("chat"), dara.String("ws"))
	if err != nil || jsonText(t, got.Body) != jsonText(t, tr) {
		t.Errorf("GetTrigger = %s, %v\nwant %s", jsonText(t, got.Body), err, jsonText(t, tr))
	}

	e.advance(time.Minute)
	up, err := e.client.UpdateTrigger(dara.String("chat"), dara.String("ws"), &fc.UpdateTriggerRequest{Body: &fc.UpdateTriggerInput{
		TriggerConfig: dara.String(`{"methods":["POST"],"authType":"anonymous","disableURLInternet":true}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	var cfg fc.HTTPTriggerConfig
	json.Unmarshal([]byte(dara.StringValue(up.Body.TriggerConfig)), &cfg)
	if len(cfg.Methods) != 1 || *cfg.Methods[0] != "POST" || *cfg.AuthType != "anonymous" || !*cfg.DisableURLInternet {
		t.Errorf("updated config = %s", dara.StringValue(up.Body.TriggerConfig))
	}
	if dara.StringValue(up.Body.HttpTrigger.UrlInternet) != wantURL {
		t.Errorf("URL changed on update: %s", dara.StringValue(up.Body.HttpTrigger.UrlInternet))
	}
	if dara.StringValue(up.Body.LastModifiedTime) != "2024-05-01T08:16:27Z" || dara.StringValue(up.Body.CreatedTime) != "2024-05-01T08:15:27Z" {
		t.Errorf("times after update: %s %s", dara.StringValue(up.Body.CreatedTime), dara.StringValue(up.Body.LastModifiedTime))
	}
	// An update that names only the description keeps the config.
	up, err = e.client.UpdateTrigger(dara.String("chat"), dara.String("ws"), &fc.UpdateTriggerRequest{Body: &fc.UpdateTriggerInput{Description: dara.String("d")}})
	if err != nil || !strings.Contains(dara.StringValue(up.Body.TriggerConfig), `"POST"`) || dara.StringValue(up.Body.Description) != "d" {
		t.Errorf("description-only update: %s, %v", jsonText(t, up.Body), err)
	}

	if _, err := e.client.DeleteTrigger(dara.String("chat"), dara.String("ws")); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.GetTrigger(dara.String("chat"), dara.String("ws"))
	sdkErr(t, err, "TriggerNotFound", 404)

	var got2 []string
	for _, ev := range e.takeEvents() {
		got2 = append(got2, fmt.Sprintf("%s %s/%s %s", ev.Kind, ev.Function, ev.Trigger, ev.Time.Format(timeFormat)))
	}
	want := "TriggerCreated chat/ws 2024-05-01T08:15:27Z|TriggerUpdated chat/ws 2024-05-01T08:16:27Z|TriggerUpdated chat/ws 2024-05-01T08:16:27Z|TriggerDeleted chat/ws 2024-05-01T08:16:27Z"
	if strings.Join(got2, "|") != want {
		t.Errorf("events:\n got %s\nwant %s", strings.Join(got2, "|"), want)
	}
}

func TestTriggerValidation(t *testing.T) {
	e := newEnv(t)
	e.create(fnInput("chat", zipOf(t, "v1")))
	s := dara.String
	cases := []struct {
		name string
		in   *fc.CreateTriggerInput
		want string // the field the message must name
	}{
		{"no name", &fc.CreateTriggerInput{TriggerType: s("http"), TriggerConfig: s(`{"methods":["GET"]}`)}, "triggerName"},
		{"bad name", &fc.CreateTriggerInput{TriggerName: s("9ws"), TriggerType: s("http"), TriggerConfig: s(`{"methods":["GET"]}`)}, "triggerName"},
		{"name of 129", &fc.CreateTriggerInput{TriggerName: s(strings.Repeat("w", 129)), TriggerType: s("http"), TriggerConfig: s(`{"methods":["GET"]}`)}, "triggerName"},
		{"no type", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerConfig: s(`{"methods":["GET"]}`)}, "triggerType"},
		{"unknown type", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerType: s("websocket"), TriggerConfig: s(`{}`)}, "triggerType"},
		{"no config", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerType: s("http")}, "triggerConfig"},
		{"config not JSON", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerType: s("http"), TriggerConfig: s(`{methods: GET}`)}, "triggerConfig"},
		{"config an array", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerType: s("http"), TriggerConfig: s(`["GET"]`)}, "triggerConfig"},
		{"methods a string", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerType: s("http"), TriggerConfig: s(`{"methods":"GET"}`)}, "triggerConfig.methods"},
		{"no methods", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerType: s("http"), TriggerConfig: s(`{"authType":"anonymous"}`)}, "triggerConfig.methods"},
		{"lower-case method", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerType: s("http"), TriggerConfig: s(`{"methods":["get"]}`)}, "triggerConfig.methods"},
		{"CONNECT", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerType: s("http"), TriggerConfig: s(`{"methods":["GET","CONNECT"]}`)}, "triggerConfig.methods"},
		{"bad authType", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerType: s("http"), TriggerConfig: s(`{"methods":["GET"],"authType":"basic"}`)}, "triggerConfig.authType"},
		{"timer config not an object", &fc.CreateTriggerInput{TriggerName: s("tick"), TriggerType: s("timer"), TriggerConfig: s(`"@every 1m"`)}, "triggerConfig"},
		{"other qualifier", &fc.CreateTriggerInput{TriggerName: s("ws"), TriggerType: s("http"), TriggerConfig: s(`{"methods":["GET"]}`), Qualifier: s("prod")}, "qualifier"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.client.CreateTrigger(dara.String("chat"), &fc.CreateTriggerRequest{Body: c.in})
			se := sdkErr(t, err, "InvalidArgument", 400)
			if msg := dara.StringValue(se.Message); !strings.Contains(msg, c.want+" ") && !strings.Contains(msg, c.want+":") {
				t.Errorf("message %q does not name %s", msg, c.want)
			}
		})
	}
	e.createTrigger("chat", "ws", `{"methods":["GET"]}`)
	_, err := e.client.UpdateTrigger(dara.String("chat"), dara.String("ws"), &fc.UpdateTriggerRequest{Body: &fc.UpdateTriggerInput{
		TriggerConfig: dara.String(`{"methods":["TRACE"]}`)}})
	sdkErr(t, err, "InvalidArgument", 400)
	if got, _ := e.client.GetTrigger(dara.String("chat"), dara.String("ws")); !strings.Contains(dara.StringValue(got.Body.TriggerConfig), `["GET"]`) {
		t.Errorf("a refused update changed the config: %s", dara.StringValue(got.Body.TriggerConfig))
	}
	// A non-http trigger is kept as sent, without httpTrigger.
	resp, err := e.client.CreateTrigger(dara.String("chat"), &fc.CreateTriggerRequest{Body: &fc.CreateTriggerInput{
		TriggerName: dara.String("tick"), TriggerType: dara.String("timer"), TriggerConfig: dara.String(`{"cronExpression":"@every 1m","enable":true}`)}})
	if err != nil || resp.Body.HttpTrigger != nil || dara.StringValue(resp.Body.TriggerConfig) != `{"cronExpression":"@every 1m","enable":true}` {
		t.Errorf("timer trigger: %s, %v", jsonText(t, resp.Body), err)
	}
}

func TestListTriggersPages(t *testing.T) {
	e := newEnv(t)
	e.create(fnInput("chat", zipOf(t, "v1")))
	// One http trigger (FC's limit) among timers, so that the http one's
	// URLs are checked in a listing too.
	e.createTrigger("chat", "a2", `{"methods":["GET"]}`)
	for _, n := range []string{"a1", "a3", "b1"} {
		if _, err := e.tryTrigger("chat", n, "timer", `{"cronExpression":"@every 1m"}`); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	req := &fc.ListTriggersRequest{Prefix: dara.String("a"), Limit: dara.Int32(2)}
	for pages := 0; ; pages++ {
		resp, err := e.client.ListTriggers(dara.String("chat"), req)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range resp.Body.Triggers {
			names = append(names, *tr.TriggerName)
			if (*tr.TriggerType == "http") != (tr.HttpTrigger != nil) {
				t.Errorf("listed %s trigger %s has httpTrigger %v", *tr.TriggerType, *tr.TriggerName, tr.HttpTrigger)
			}
		}
		if resp.Body.NextToken == nil {
			break
		}
		if pages > 3 {
			t.Fatal("pagination does not end")
		}
		req.NextToken = resp.Body.NextToken
	}
	if strings.Join(names, ",") != "a1,a2,a3" {
		t.Errorf("listed %v", names)
	}
}

// TestOneHTTPTriggerPerFunction checks FC's rule that a function has one
// HTTP trigger: a second one under another name is refused and not stored,
// while the same name, updates, other types, other functions and a
// replacement after a delete behave as before.
func TestOneHTTPTriggerPerFunction(t *testing.T) {
	e := newEnv(t)
	e.create(fnInput("chat", zipOf(t, "v1")))
	e.create(fnInput("other", zipOf(t, "v1")))
	e.createTrigger("chat", "ws", `{"methods":["GET"]}`)
	createHTTP := func(fn, tn string) error {
		_, err := e.tryTrigger(fn, tn, "http", `{"methods":["GET"]}`)
		return err
	}

	se := sdkErr(t, createHTTP("chat", "page"), "InvalidArgument", 400)
	for _, want := range []string{"'chat'", "'ws'", fcspec.OneHTTPTrigger} {
		if !strings.Contains(dara.StringValue(se.Message), want) {
			t.Errorf("message %q does not say %s", dara.StringValue(se.Message), want)
		}
	}
	if _, err := e.st.GetTrigger("chat", "page"); err == nil {
		t.Error("the refused trigger was stored")
	}
	sdkErr(t, createHTTP("chat", "ws"), "TriggerAlreadyExists", 409)

	if _, err := e.client.UpdateTrigger(dara.String("chat"), dara.String("ws"), &fc.UpdateTriggerRequest{Body: &fc.UpdateTriggerInput{
		TriggerConfig: dara.String(`{"methods":["GET","POST"]}`)}}); err != nil {
		t.Errorf("update of the one http trigger: %v", err)
	}
	if _, err := e.tryTrigger("chat", "tick", "timer", `{"cronExpression":"@every 1m"}`); err != nil {
		t.Errorf("timer trigger beside the http one: %v", err)
	}
	if err := createHTTP("other", "page"); err != nil {
		t.Errorf("http trigger on another function: %v", err)
	}
	if _, err := e.client.DeleteTrigger(dara.String("chat"), dara.String("ws")); err != nil {
		t.Fatal(err)
	}
	if err := createHTTP("chat", "page"); err != nil {
		t.Errorf("http trigger after the old one was deleted: %v", err)
	}
}

// TestConcurrentHTTPTriggersOneWins checks that the rule holds for racing
// creates under different names: exactly one is stored.
func TestConcurrentHTTPTriggersOneWins(t *testing.T) {
	e := newEnv(t)
	e.create(fnInput("chat", zipOf(t, "v1")))
	errs := race(8, func(i int) error {
		_, err := e.tryTrigger("chat", fmt.Sprintf("ws%d", i), "http", `{"methods":["GET"]}`)
		return err
	})
	ok := winners(t, errs, "InvalidArgument")
	ts, _, err := e.st.ListTriggers("chat", store.ListOptions{})
	if ok != 1 || err != nil || len(ts) != 1 {
		t.Errorf("%d creates succeeded and %d triggers stored (%v), want 1 and 1", ok, len(ts), err)
	}
}
