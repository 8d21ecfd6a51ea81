package aliyun

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
)

var ctx = context.Background()

func TestCreateReadsBackWhatItWrote(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	want := wsFunction("chat", "demo")
	code := codeOf(t, "v1")

	created, err := p.CreateFunction(ctx, want, code)
	if err != nil {
		t.Fatal(err)
	}
	sameConfig(t, "CreateFunction's answer", created, want)
	got, err := p.GetFunction(ctx, "chat")
	if err != nil {
		t.Fatal(err)
	}
	sameConfig(t, "GetFunction", got, want)
	if got.CodeChecksum != code.Checksum || got.CodeSize != int64(len(code.Zip)) {
		t.Errorf("code: checksum %s size %d, want %s %d", got.CodeChecksum, got.CodeSize, code.Checksum, len(code.Zip))
	}
	if got.ARN != "acs:fc:cn-hangzhou:1234567890:functions/chat" || got.LastModified == "" {
		t.Errorf("observed fields: ARN %q, LastModified %q", got.ARN, got.LastModified)
	}
	if got.Triggers != nil || got.OtherTriggers != nil {
		t.Errorf("a new function has triggers: %v %v", got.Triggers, got.OtherTriggers)
	}
	info := p.Info()
	if info != (providers.Info{Name: "local", Region: testRegion, AccountID: testAcct, Endpoint: g.addr, PropagationDelay: DefaultPropagationDelay}) {
		t.Errorf("Info = %+v", info)
	}
}

// The engine may leave fields at zero; FC fills its defaults, and the read
// shows them. normalized says which, in one place.
func TestDefaultsAreFilledOnRead(t *testing.T) {
	p := newGateway(t).provider(t)
	minimal := &providers.Function{Name: "min", Runtime: "custom.debian12", Tags: map[string]string{providers.StackTag: "demo"}}
	got, err := p.CreateFunction(ctx, minimal, codeOf(t, "v1"))
	if err != nil {
		t.Fatal(err)
	}
	want := &providers.Function{Name: "min", Runtime: "custom.debian12", Tags: map[string]string{providers.StackTag: "demo"},
		Port: 9000, MemorySize: 512, CPU: 0.35, DiskSize: 512, Timeout: 3, InstanceConcurrency: 1, InternetAccess: boolp(true)}
	sameConfig(t, "minimal function", got, want)
	if n := providers.Normalize(minimal); !reflect.DeepEqual(config(n), want) {
		t.Errorf("providers.Normalize(minimal) = %s\nwant %s", jsonOf(config(n)), jsonOf(want))
	}
}

func TestUpdateEachAttribute(t *testing.T) {
	p := newGateway(t).provider(t)
	f := wsFunction("chat", "demo")
	if _, err := p.CreateFunction(ctx, f, codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	steps := []updateStep{
		{"description", func(f *providers.Function) { f.Description = "v2" }},
		{"description removed", func(f *providers.Function) { f.Description = "" }},
		{"runtime", func(f *providers.Function) { f.Runtime = "custom.debian11" }},
		{"command", func(f *providers.Function) { f.Command = []string{"./server2", "serve"} }},
		{"args removed", func(f *providers.Function) { f.Args = nil }},
		{"args", func(f *providers.Function) { f.Args = []string{"-v"} }},
		{"port", func(f *providers.Function) { f.Port = 8080 }},
		{"memory and cpu", func(f *providers.Function) { f.MemorySize, f.CPU = 2048, 1 }},
		{"cpu alone", func(f *providers.Function) { f.CPU = 0.65 }},
		{"disk", func(f *providers.Function) { f.DiskSize = 10240 }},
		{"timeout", func(f *providers.Function) { f.Timeout = 3600 }},
		{"instance concurrency", func(f *providers.Function) { f.InstanceConcurrency = 100 }},
		{"environment changed", func(f *providers.Function) { f.Environment = map[string]string{"REDIS_URL": "redis://b", "MODE": "x"} }},
		{"environment removed", func(f *providers.Function) { f.Environment = nil }},
		{"tag added and changed", func(f *providers.Function) { f.Tags["team"] = "infra"; f.Tags["env"] = "prod" }},
		{"tag removed", func(f *providers.Function) { delete(f.Tags, "team") }},
		{"health check changed", func(f *providers.Function) { f.HealthCheck.PeriodSeconds, f.HealthCheck.HTTPGetURL = 10, "/healthz" }},
		{"health check removed", func(f *providers.Function) { f.HealthCheck = nil }},
		{"health check added", func(f *providers.Function) {
			f.HealthCheck = &providers.HealthCheck{HTTPGetURL: "/", InitialDelaySeconds: 2, TimeoutSeconds: 3, FailureThreshold: 1, SuccessThreshold: 1, PeriodSeconds: 1}
		}},
		{"max instances changed", func(f *providers.Function) { f.MaxInstances = intp(50) }},
		{"max instances removed", func(f *providers.Function) { f.MaxInstances = nil }},
		{"max instances zero (disabled)", func(f *providers.Function) { f.MaxInstances = intp(0) }},
		{"command removed", func(f *providers.Function) { f.Command = nil }},
	}
	updateSteps(t, p, f, steps)
}

func TestCodeUploadAndChecksum(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	f := wsFunction("chat", "demo")
	v1, v2 := codeOf(t, "v1"), codeOf(t, "v2")
	if _, err := p.CreateFunction(ctx, f, v1); err != nil {
		t.Fatal(err)
	}
	// No code: the upload is skipped and the checksum stays.
	f.Timeout = 60
	got, err := p.UpdateFunction(ctx, f, nil)
	if err != nil || got.CodeChecksum != v1.Checksum {
		t.Fatalf("update without code: %v, checksum %s want %s", err, got.CodeChecksum, v1.Checksum)
	}
	got, err = p.UpdateFunction(ctx, f, v2)
	if err != nil || got.CodeChecksum != v2.Checksum || got.CodeSize != int64(len(v2.Zip)) || v1.Checksum == v2.Checksum {
		t.Fatalf("update with code: %v, checksum %s size %d, want %s %d", err, got.CodeChecksum, got.CodeSize, v2.Checksum, len(v2.Zip))
	}
	// A missing checksum is computed (CRC-64/ECMA, as the gateway's codezip).
	got, err = p.UpdateFunction(ctx, f, &providers.Code{Zip: v1.Zip})
	if err != nil || got.CodeChecksum != v1.Checksum {
		t.Fatalf("code without checksum: %v, %s", err, got.CodeChecksum)
	}
	// A wrong one is refused before anything is sent.
	before := g.count("UpdateFunction")
	_, err = p.UpdateFunction(ctx, f, &providers.Code{Zip: v1.Zip, Checksum: "123"})
	if err == nil || !strings.Contains(err.Error(), "checksum is 123") || g.count("UpdateFunction") != before {
		t.Errorf("wrong checksum: %v (requests %d → %d)", err, before, g.count("UpdateFunction"))
	}
	if _, err := p.CreateFunction(ctx, wsFunction("nocode", "demo"), nil); err == nil || !strings.Contains(err.Error(), "needs a code package") {
		t.Errorf("create without code: %v", err)
	}
}

func TestContainerFunction(t *testing.T) {
	p := newGateway(t).provider(t)
	f := &providers.Function{
		Name: "img", Runtime: "custom-container", Port: 8080,
		MemorySize: 512, CPU: 0.35, DiskSize: 512, Timeout: 60, InstanceConcurrency: 10,
		Tags:      map[string]string{providers.StackTag: "demo"},
		Container: &providers.Container{Image: "registry.cn-hangzhou.aliyuncs.com/demo/chat:1", Entrypoint: []string{"/app/server"}, Command: []string{"--port", "8080"}},
	}
	got, err := p.CreateFunction(ctx, f, codeOf(t, "ignored"))
	if err != nil {
		t.Fatal(err)
	}
	sameConfig(t, "container", got, f)
	if got.CodeChecksum != "" {
		t.Errorf("a container function got a code checksum %q", got.CodeChecksum)
	}
	f.Container.Image, f.Container.Entrypoint = "registry.cn-hangzhou.aliyuncs.com/demo/chat:2", nil
	if got, err = p.UpdateFunction(ctx, f, nil); err != nil {
		t.Fatal(err)
	}
	sameConfig(t, "container updated", got, f)
}

func TestNotFound(t *testing.T) {
	p := newGateway(t).provider(t)
	checks := map[string]error{}
	_, checks["GetFunction"] = p.GetFunction(ctx, "missing")
	_, checks["UpdateFunction"] = p.UpdateFunction(ctx, wsFunction("missing", "demo"), nil)
	checks["DeleteFunction"] = p.DeleteFunction(ctx, "missing")
	_, checks["CreateTrigger"] = p.CreateTrigger(ctx, "missing", &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}})
	if _, err := p.CreateFunction(ctx, wsFunction("chat", "demo"), codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	_, checks["UpdateTrigger"] = p.UpdateTrigger(ctx, "chat", &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}})
	checks["DeleteTrigger"] = p.DeleteTrigger(ctx, "chat", "ws")
	for op, err := range checks {
		var api *APIError
		if !errors.Is(err, providers.ErrNotFound) || !errors.As(err, &api) || api.StatusCode != 404 || api.RequestID == "" {
			t.Errorf("%s: %v, want a 404 that is providers.ErrNotFound with a request id", op, err)
		}
	}
}

func TestDeleteRefusedWhileTriggersExist(t *testing.T) {
	p := newGateway(t).provider(t)
	if _, err := p.CreateFunction(ctx, wsFunction("chat", "demo"), codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	if _, err := p.CreateTrigger(ctx, "chat", &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}}); err != nil {
		t.Fatal(err)
	}
	err := p.DeleteFunction(ctx, "chat")
	var api *APIError
	if !errors.As(err, &api) || api.Code != "FunctionNotEmpty" || errors.Is(err, providers.ErrNotFound) {
		t.Fatalf("delete with a trigger: %v", err)
	}
	if err := p.DeleteTrigger(ctx, "chat", "ws"); err != nil {
		t.Fatal(err)
	}
	if err := p.DeleteFunction(ctx, "chat"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.GetFunction(ctx, "chat"); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}

func TestOwnership(t *testing.T) {
	p := newGateway(t).provider(t)
	if _, err := p.CreateFunction(ctx, wsFunction("chat", "a"), codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	_, err := p.UpdateFunction(ctx, wsFunction("chat", "b"), nil)
	if err == nil || !strings.Contains(err.Error(), `belongs to stack "a", not "b"`) {
		t.Errorf("update of another stack's function: %v", err)
	}
	if got, _ := p.GetFunction(ctx, "chat"); got.Tags[providers.StackTag] != "a" {
		t.Errorf("owner changed to %q", got.Tags[providers.StackTag])
	}
	untagged := wsFunction("x", "a")
	delete(untagged.Tags, providers.StackTag)
	if _, err := p.CreateFunction(ctx, untagged, codeOf(t, "v1")); err == nil || !strings.Contains(err.Error(), providers.StackTag) {
		t.Errorf("create without the stack tag: %v", err)
	}
	if _, err := p.UpdateFunction(ctx, untagged, nil); err == nil || !strings.Contains(err.Error(), providers.StackTag) {
		t.Errorf("update without the stack tag: %v", err)
	}
}

// updateStep changes the function f of a test; updateSteps applies each
// with UpdateFunction and requires its answer and a GetFunction to match.
type updateStep struct {
	name   string
	change func(f *providers.Function)
}

func updateSteps(t *testing.T, p *Provider, f *providers.Function, steps []updateStep) {
	t.Helper()
	for _, s := range steps {
		s.change(f)
		got, err := p.UpdateFunction(ctx, f, nil)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		sameConfig(t, s.name+": UpdateFunction's answer", got, f)
		again, err := p.GetFunction(ctx, f.Name)
		if err != nil {
			t.Fatal(err)
		}
		sameConfig(t, s.name+": GetFunction", again, f)
	}
}
