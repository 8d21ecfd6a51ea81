package controlapi

import (
	"net/http"
	"strings"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

const headerAffinity = `{"affinityHeaderFieldName":"x-session-id","sessionConcurrencyPerInstance":5,"sessionTTLInSeconds":600,"sessionIdleTimeoutInSeconds":60,"disableSessionIdReuse":true}`

// TestSessionAffinityStoredForcedAndMerged: sessionAffinity and its config
// string come back as sent, instance concurrency is forced to FC's 200,
// and an update that leaves them out keeps them.
func TestSessionAffinityStoredForcedAndMerged(t *testing.T) {
	e := newEnv(t)
	in := fnInput("chat", zipOf(t, "v1"))
	in.InstanceConcurrency = dara.Int32(10)
	in.SessionAffinity = dara.String("HEADER_FIELD")
	in.SessionAffinityConfig = dara.String(headerAffinity)
	f := e.create(in)
	check := func(step string, f *fc.Function, typ, cfg string) {
		t.Helper()
		if dara.StringValue(f.SessionAffinity) != typ || dara.StringValue(f.SessionAffinityConfig) != cfg {
			t.Errorf("%s: sessionAffinity %q, config %q; want %q, %q", step, dara.StringValue(f.SessionAffinity), dara.StringValue(f.SessionAffinityConfig), typ, cfg)
		}
		if n := dara.Int32Value(f.InstanceConcurrency); n != 200 {
			t.Errorf("%s: instanceConcurrency %d with session affinity, want FC's 200", step, n)
		}
	}
	check("create", f, "HEADER_FIELD", headerAffinity)
	get, err := e.client.GetFunction(dara.String("chat"), &fc.GetFunctionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	check("get", get.Body, "HEADER_FIELD", headerAffinity)
	list, err := e.client.ListFunctions(&fc.ListFunctionsRequest{})
	if err != nil || len(list.Body.Functions) != 1 {
		t.Fatalf("ListFunctions: %v %v", list, err)
	}
	check("list", list.Body.Functions[0], "HEADER_FIELD", headerAffinity)

	up, err := e.client.UpdateFunction(dara.String("chat"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
		Description: dara.String("merged"), InstanceConcurrency: dara.Int32(50)}})
	if err != nil {
		t.Fatal(err)
	}
	check("update leaving them out", up.Body, "HEADER_FIELD", headerAffinity)

	cookie := `{"sessionConcurrencyPerInstance":1}`
	up, err = e.client.UpdateFunction(dara.String("chat"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
		SessionAffinity: dara.String("GENERATED_COOKIE"), SessionAffinityConfig: dara.String(cookie)}})
	if err != nil {
		t.Fatal(err)
	}
	check("update to cookie", up.Body, "GENERATED_COOKIE", cookie)
	a, err := FunctionAffinity(up.Body)
	if err != nil || a == nil || *a != (Affinity{Type: "GENERATED_COOKIE", SessionsPerInstance: 1, TTLSeconds: 21600, IdleSeconds: 1800}) {
		t.Errorf("FunctionAffinity = %+v, %v; want the cookie affinity with FC's defaults", a, err)
	}
}

// TestSessionAffinityRefusals: FC's rules, each a 400 InvalidArgument
// that names the field.
func TestSessionAffinityRefusals(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ typ, cfg, field string }{
		{"STICKY", `{}`, "sessionAffinity"},
		{"MCP_SSE", `{}`, "sessionAffinity"},
		{"HEADER_FIELD", `{}`, "affinityHeaderFieldName"},
		{"HEADER_FIELD", `{"affinityHeaderFieldName":"x-fc-session"}`, "affinityHeaderFieldName"},
		{"HEADER_FIELD", `{"affinityHeaderFieldName":"sid"}`, "affinityHeaderFieldName"},
		{"HEADER_FIELD", `{"affinityHeaderFieldName":"1session"}`, "affinityHeaderFieldName"},
		{"HEADER_FIELD", `{"affinityHeaderFieldName":"x-session-id","sessionTTL":5}`, "sessionAffinityConfig"},
		{"HEADER_FIELD", `{"affinityHeaderFieldName":"x-session-id"} {}`, "sessionAffinityConfig"},
		{"HEADER_FIELD", `not json`, "sessionAffinityConfig"},
		{"HEADER_FIELD", `{"affinityHeaderFieldName":"x-session-id","sessionTTLInSeconds":"60"}`, "sessionTTLInSeconds"},
		{"GENERATED_COOKIE", `{"affinityHeaderFieldName":"x-session-id"}`, "sessionAffinityConfig"},
		{"GENERATED_COOKIE", `{"sessionConcurrencyPerInstance":0}`, "sessionConcurrencyPerInstance"},
		{"GENERATED_COOKIE", `{"sessionConcurrencyPerInstance":201}`, "sessionConcurrencyPerInstance"},
		{"GENERATED_COOKIE", `{"sessionTTLInSeconds":0}`, "sessionTTLInSeconds"},
		{"GENERATED_COOKIE", `{"sessionTTLInSeconds":21601}`, "sessionTTLInSeconds"},
		{"GENERATED_COOKIE", `{"sessionIdleTimeoutInSeconds":-1}`, "sessionIdleTimeoutInSeconds"},
		{"GENERATED_COOKIE", `{"sessionTTLInSeconds":60,"sessionIdleTimeoutInSeconds":61}`, "sessionIdleTimeoutInSeconds"},
	} {
		in := fnInput("chat", zipOf(t, "v1"))
		in.SessionAffinity, in.SessionAffinityConfig = dara.String(c.typ), dara.String(c.cfg)
		_, err := e.client.CreateFunction(&fc.CreateFunctionRequest{Body: in})
		se := sdkErr(t, err, "InvalidArgument", http.StatusBadRequest)
		if msg := dara.StringValue(se.Message); !strings.Contains(msg, c.field) {
			t.Errorf("%s %s: message %q does not name %s", c.typ, c.cfg, msg, c.field)
		}
	}
	// The same rules on update, after the merge.
	e.create(fnInput("chat", zipOf(t, "v1")))
	_, err := e.client.UpdateFunction(dara.String("chat"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
		SessionAffinity: dara.String("HEADER_FIELD")}})
	sdkErr(t, err, "InvalidArgument", http.StatusBadRequest)
}
