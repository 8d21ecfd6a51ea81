package aliyun

import (
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
)

func boolp(b bool) *bool { return &b }

const (
	testRole   = "acs:ram::1234567890:role/aliyunfcdefaultrole"
	testLayerA = "acs:fc:cn-hangzhou:1234567890:layers/deps/versions/3"
	testLayerB = "acs:fc:cn-hangzhou:official:layers/Python310/versions/2"
)

// Each production setting is created, changed, removed and added again
// through the provider against the gateway, and reads back as written:
// a removal takes effect (FC, like the gateway, keeps a nested object or
// a role an update leaves out).
func TestSettingsRoundTrip(t *testing.T) {
	p := newGateway(t).provider(t)
	f := wsFunction("chat", "demo")
	f.Role = testRole
	f.VPC = &providers.VPC{VPCID: "vpc-bp1", VSwitchIDs: []string{"vsw-bp1", "vsw-bp2"}, SecurityGroupID: "sg-bp1"}
	f.Log = &providers.Log{Project: "chat-logs", Logstore: "fc-logs", RequestMetrics: true}
	f.InternetAccess = boolp(false)
	f.Layers = []string{testLayerB, testLayerA}
	f.Lifecycle = &providers.Lifecycle{InitializerTimeout: 30, PreStopTimeout: 90}
	got, err := p.CreateFunction(ctx, f, codeOf(t, "v1"))
	if err != nil {
		t.Fatal(err)
	}
	sameConfig(t, "created", got, f)

	steps := []updateStep{
		{"role changed", func(f *providers.Function) { f.Role = "acs:ram::1234567890:role/chat" }},
		{"role removed", func(f *providers.Function) { f.Role = "" }},
		{"vpc changed", func(f *providers.Function) { f.VPC.VSwitchIDs = []string{"vsw-bp3"} }},
		{"vpc removed", func(f *providers.Function) { f.VPC = nil }},
		{"vpc added", func(f *providers.Function) {
			f.VPC = &providers.VPC{VPCID: "vpc-bp9", VSwitchIDs: []string{"vsw-bp9"}, SecurityGroupID: "sg-bp9"}
		}},
		{"log metrics", func(f *providers.Function) { f.Log.RequestMetrics, f.Log.InstanceMetrics = false, true }},
		{"log removed", func(f *providers.Function) { f.Log = nil }},
		{"log added", func(f *providers.Function) { f.Log = &providers.Log{Project: "p-2", Logstore: "s-2"} }},
		{"internet access default", func(f *providers.Function) { f.InternetAccess = nil }},
		{"internet access off", func(f *providers.Function) { f.InternetAccess = boolp(false) }},
		{"layers reordered", func(f *providers.Function) { f.Layers = []string{testLayerA, testLayerB} }},
		{"layers removed", func(f *providers.Function) { f.Layers = nil }},
		{"layers added", func(f *providers.Function) { f.Layers = []string{testLayerB} }},
		{"pre-stop removed", func(f *providers.Function) { f.Lifecycle.PreStopTimeout = 0 }},
		{"initializer changed", func(f *providers.Function) { f.Lifecycle.InitializerTimeout = 600 }},
		{"lifecycle removed", func(f *providers.Function) { f.Lifecycle = nil }},
		{"pre-stop added", func(f *providers.Function) { f.Lifecycle = &providers.Lifecycle{PreStopTimeout: 5} }},
	}
	updateSteps(t, p, f, steps)
}

// Provisioned instances go through PutProvisionConfig after the function
// settles, read back with GetProvisionConfig, and DeleteProvisionConfig
// removes them (the gateway's routes of those calls, LATEST qualifier).
func TestProvisionedRoundTrip(t *testing.T) {
	p := newGateway(t).provider(t)
	f := wsFunction("chat", "demo")
	f.Provisioned = intp(2)
	got, err := p.CreateFunction(ctx, f, codeOf(t, "v1"))
	if err != nil {
		t.Fatal(err)
	}
	sameConfig(t, "created", got, f)
	for _, target := range []*int{intp(1), nil, intp(3)} {
		f.Provisioned = target
		if got, err = p.UpdateFunction(ctx, f, nil); err != nil {
			t.Fatal(err)
		}
		sameConfig(t, "updated", got, f)
	}
}
