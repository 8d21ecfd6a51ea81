package views

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/ with what the code produces now")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if string(got) != string(want) {
		gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gotLines), len(wantLines)) {
			var g, w string
			if i < len(gotLines) {
				g = gotLines[i]
			}
			if i < len(wantLines) {
				w = wantLines[i]
			}
			if g != w {
				t.Fatalf("%s changed at line %d: a public format changed.\n got: %s\nwant: %s\n"+
					"A new wording of @message is free: run go test -run %s -update. A change of an event type or field must "+
					"stay compatible (add, never rename or remove) or bump the format version, be documented in docs/deploying.md, "+
					"then -update.", path, i+1, g, w, t.Name())
			}
		}
	}
}

// goldenChanges are changes of every kind and action, as the engine makes them.
func goldenChanges() []*plan.Change {
	return []*plan.Change{
		{Address: "function.chat", Kind: plan.KindFunction, Label: "chat", Function: "chat", Action: plan.Update,
			Attributes: []plan.Attribute{
				{Path: "timeout", Action: plan.Update, Before: json.RawMessage(`300`), After: json.RawMessage(`900`)},
				{Path: "environment.TOKEN", Action: plan.Create, Sensitive: true},
				{Path: "methods", Action: plan.Delete, Before: json.RawMessage(`["GET","POST"]`)},
			},
			Code: &plan.Code{Before: "1674601342520202379", After: "9310032211842771651", Files: 3, Size: 1024}},
		{Address: "function.chat.http_trigger.ws", Kind: plan.KindHTTPTrigger, Label: "chat", Function: "chat", Trigger: "ws",
			Action: plan.NoOp, URL: "https://chat.fcapp.run"},
		{Address: "function.chat.http_trigger.api", Kind: plan.KindHTTPTrigger, Label: "chat", Function: "chat", Trigger: "api",
			Action: plan.Create, Attributes: []plan.Attribute{{Path: "auth_type", Action: plan.Create, After: json.RawMessage(`"anonymous"`)}}},
		{Address: "function.chat.trigger.timer", Kind: plan.KindTrigger, Label: "chat", Function: "chat", Trigger: "timer", Action: plan.Delete},
		{Address: "function.old", Kind: plan.KindFunction, Label: "old", Function: "old", Action: plan.Delete, Reason: "the stack no longer declares it"},
		{Address: "custom_domain.chat.example.com", Kind: plan.KindCustomDomain, Label: "chat.example.com", Domain: "chat.example.com",
			Action: plan.Replace, Reason: "protocol cannot change in place",
			Attributes: []plan.Attribute{{Path: "protocol", Action: plan.Update, Before: json.RawMessage(`"HTTP"`), After: json.RawMessage(`"HTTPS"`), ForcesReplacement: true}},
			RoutesTo:   []string{"chat"}, RoutedTo: []string{"chat", "old"}},
	}
}

// emitEveryMessage drives every JSON view with engine values that reach
// every message type and every optional field of the -json stream.
func emitEveryMessage(t *testing.T, j *JSON) {
	t.Helper()
	diags, src := parseDiags(t, "function \"chat\" {\n  runtime = \n}\n")
	j.Diagnostics(diags, src)
	warn, wsrc := attrDiag(t, "f {\n  env = {\n    A = \"1\"\n  }\n}\n", "env", hcl.DiagWarning)
	j.Diagnostics(hcl.Diagnostics{warn}, wsrc)
	j.Error(errors.New("cannot read <dir>"))
	j.Note("Started the local gateway at 127.0.0.1:9000")

	pv := &planJSON{j}
	pv.Progress(plan.Progress{Kind: plan.RefreshStart})
	pv.Progress(plan.Progress{Kind: plan.BuildStart, Address: "function.chat"})
	pv.Progress(plan.Progress{Kind: plan.BuildDone, Address: "function.chat", Elapsed: 1500 * time.Millisecond})
	pv.Progress(plan.Progress{Kind: plan.RefreshDone, Elapsed: 250 * time.Millisecond})
	pl := &plan.Plan{Stack: "chat", Changes: goldenChanges()}
	pv.Plan(pl)
	pv.Plan(&plan.Plan{Stack: "chat", Destroy: true, Changes: []*plan.Change{goldenChanges()[4]}})

	av := &applyJSON{j}
	fn, ws := goldenChanges()[0], goldenChanges()[2]
	dom := goldenChanges()[5]
	for _, e := range []apply.Event{
		{Type: apply.Started, Change: fn, Action: plan.Update},
		{Type: apply.Progressing, Change: fn, Action: plan.Update, Elapsed: 10 * time.Second, Detail: "waiting for the function to be Active"},
		{Type: apply.Complete, Change: fn, Action: plan.Update, Elapsed: 12 * time.Second},
		{Type: apply.Complete, Change: ws, Action: plan.Create, Elapsed: 300 * time.Millisecond, Detail: apply.ExistedDetail},
		{Type: apply.Started, Change: dom, Action: plan.Delete, Replace: true},
		{Type: apply.Errored, Change: dom, Action: plan.Delete, Replace: true, Elapsed: 2 * time.Second, Err: errors.New("custom_domain.chat.example.com: deleting: boom")},
		{Type: apply.Skipped, Change: dom, Action: plan.Create, Replace: true, Err: errors.New("custom_domain.chat.example.com was not deleted")},
	} {
		av.Progress(e)
	}
	av.Result(&apply.Result{Changed: 1, Failed: []*apply.StepError{{}}, Skipped: []apply.Skip{{}}})
	av.Result(&apply.Result{Destroy: true, Destroyed: 2})
	outs := []apply.Output{
		{Name: "url", Value: cty.StringVal("https://chat.fcapp.run")},
		{Name: "token", Sensitive: true, Value: cty.StringVal("secret-token-value")},
		{Name: "later", Value: cty.UnknownVal(cty.String)},
		{Name: "ports", Value: cty.ListVal([]cty.Value{cty.NumberIntVal(9000)})},
	}
	av.Outputs(outs)
	(&outputJSON{j}).One(outs[1])

	sv := &smokeJSON{j}
	trig := &smoke.Target{Function: "chat", FCName: "chat", Trigger: "ws", URL: "wss://chat.fcapp.run/ws", AuthType: "anonymous",
		Smoke: config.Smoke{Timeout: 60 * time.Second}, Change: smoke.Change{Kind: smoke.Created}}
	viaDomain := &smoke.Target{Function: "chat", FCName: "chat", URL: "https://chat.example.com/ws", AuthType: "anonymous",
		Smoke: config.Smoke{Timeout: 30 * time.Second}, Domain: &smoke.DomainRoute{Host: "chat.example.com", Path: "/ws"}}
	sv.Progress(smoke.Event{Type: smoke.Started, Target: trig})
	sv.Progress(smoke.Event{Type: smoke.Started, Target: viaDomain})
	sv.Progress(smoke.Event{Type: smoke.Waiting, Target: trig, Attempt: 2, Waited: time.Second, Last: "404"}) // silent
	okRes := &smoke.Result{Function: "chat", FCName: "chat", Trigger: "ws", URL: trig.URL, Outcome: smoke.OK, Attempts: 3,
		Waited: 9 * time.Second, Handshake: 40 * time.Millisecond, PingRTT: time.Millisecond, ReplyRTT: 2 * time.Millisecond}
	badRes := &smoke.Result{Function: "chat", FCName: "chat", Domain: "chat.example.com", URL: viaDomain.URL, Outcome: smoke.Failed,
		Reason: "the reply did not match\nexpect \"pong\"", Hint: "check the function's reply", Received: "ping", Attempts: 1,
		Answer: &smoke.Answer{Status: 403, ErrorType: "FcCommonError", Code: "AccessDenied", Message: "denied", RequestID: "req-1"}}
	sv.Progress(smoke.Event{Type: smoke.Finished, Target: trig, Result: okRes})
	sv.Progress(smoke.Event{Type: smoke.Finished, Target: viaDomain, Result: badRes})
	sv.Summary(&smoke.Summary{Results: []smoke.Result{*okRes}})
	sv.Summary(&smoke.Summary{Results: []smoke.Result{*okRes, *badRes, {Outcome: smoke.Unreachable}}})

	(&convertJSON{j}).Converted(Converted{Source: "s.yaml", Dir: "out", Files: []string{"out/main.hcl"}, Functions: []string{"chat"},
		Skipped: []ConvertedNote{{Line: 7, Resource: "chat", What: "nasConfig", Why: "no NAS on wsdeploy"}}})
	(&convertJSON{j}).Converted(Converted{Source: "s.yaml", Functions: []string{}, HCL: "function \"chat\" {}\n"})

	dv := &devJSON{j}
	dv.Watching([]string{".", "src"}, 10*time.Second)
	dv.Changed([]string{"src/main.go"})
	dv.Log("chat", LogEntry{Time: epoch, Instance: "i-1", Stream: "stdout", Line: "listening on :9000"})
	dv.Stopped()

	fv := &FmtJSON{j}
	fv.File(FmtFile{Name: "main.hcl", Changed: true, Written: true})
	fv.File(FmtFile{Name: "vars.hcl"})
	fv.Stdin(FmtFile{Name: "<stdin>", Changed: true, Diff: "--- old\n+++ new\n"}, []byte("a = 1\n"))

	info := GatewayInfo{StateDir: "/state", PID: 42, ControlAddress: "127.0.0.1:9000", Version: "v1.2.3", StartedAt: epoch,
		LogFile: "/state/gateway.log", Isolation: "sandbox", DomainHTTP: "127.0.0.1:9080", DomainHTTPS: "127.0.0.1:9443", CACertificate: "/state/ca.pem"}
	gv := &gatewayJSON{j}
	gv.Ready(info, true)
	gv.Status(info, true, []GatewayFunction{{Function: "chat", Provisioned: 1, OnDemand: 2, ProvisionTarget: 1}})
	gv.Status(GatewayInfo{StateDir: "/state"}, false, nil)
	gv.Stopped(info, true)
	(&logsJSON{j}).Entry("chat", LogEntry{Time: epoch, Instance: "i-1", Stream: "stderr", Line: "bye"})
	bv := &billingJSON{j}
	bv.Usage(nil)
	bv.Usage([]BillingRow{{Function: "chat", BilledSeconds: 1.5, GBSeconds: 0.75, Connections: 2, Requests: 3, ActiveConnections: 1}})

	(&importJSON{&planJSON{j}}).Imported(&plan.Import{Address: "function.chat", Function: "chat-prod", Stack: "chat", Plan: pl})

	(&pluginsJSON{j}).Plugins([]PluginInfo{
		{Name: "demo", Path: "/bin/wsdeploy-provider-demo", ProtocolVersion: "1.0", Version: "0.1.0", SDKVersion: "v1", Shadowed: []string{"/usr/bin/wsdeploy-provider-demo"}},
		{Name: "broken", Path: "/bin/wsdeploy-provider-broken", Error: "it exited before the handshake"},
	}, "/plugins, $PATH")

	sev := &sessionsJSON{j}
	sev.List("chat", nil)
	sev.List("chat", []Session{{ID: "s1", Function: "chat", Qualifier: "LATEST", Instance: "i-1", AffinityType: "HEADER_FIELD",
		Status: "Active", Created: "2025-01-02T03:04:05Z", LastActive: "2025-01-02T03:05:05Z", TTLSeconds: 21600, IdleTimeoutSeconds: 1800}})
	sev.Ended("chat", "s1")

	conns := 2
	(&statusJSON{j}).Status(StackStatus{Stack: "chat", Provider: "local", Functions: []FunctionStatus{
		{Address: "function.chat", Name: "chat", Declared: true, Deployed: true, State: "Active", LastUpdateStatus: "Successful",
			Runtime: "custom.debian10", CodeChecksum: "123", LastModified: "2025-01-02T03:04:05Z",
			Triggers: []TriggerStatus{{Name: "ws", AuthType: "anonymous", URL: "https://chat.fcapp.run"}},
			Domains:  []string{"chat.example.com/ws"}, Instances: []InstanceStatus{{ID: "i-1", Status: "Running", Connections: &conns}}},
		{Name: "gone", Deployed: true, State: "Failed", StateReason: "crashed", LastUpdateReason: "x",
			Triggers: []TriggerStatus{}, Domains: []string{}, InstancesUnknown: "the provider does not list instances"},
	}})
	(&statusJSON{j}).Status(StackStatus{Stack: "empty", Provider: "local"})

	vv := &ValidateJSON{j}
	vv.Results(nil, nil)
	vv.Results(hcl.Diagnostics{warn}, wsrc)
}

// TestJSONStreamGolden pins the -json stream: one event of every type (and
// every optional field), made from the engine's own values through the
// views. A change in the engine's model that reaches the stream fails it.
func TestJSONStreamGolden(t *testing.T) {
	var o testOutput
	emitEveryMessage(t, newTestJSON(&o))
	stream := o.stdout.String()
	events(t, stream) // every line carries the envelope
	// The version event names the toolchain that built the test binary.
	stream = strings.ReplaceAll(stream, `"go":"`+runtime.Version()+`"`, `"go":"GO_VERSION"`)
	stream = strings.ReplaceAll(stream, `"platform":"`+runtime.GOOS+"/"+runtime.GOARCH+`"`, `"platform":"GOOS/GOARCH"`)
	golden(t, "stream.golden", []byte(stream))
}
