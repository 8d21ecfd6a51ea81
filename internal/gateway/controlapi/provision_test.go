package controlapi

import (
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

func putProvision(e *env, fn string, in *fc.PutProvisionConfigInput) (*fc.PutProvisionConfigResponse, error) {
	return e.client.PutProvisionConfig(dara.String(fn), &fc.PutProvisionConfigRequest{Qualifier: dara.String(fcspec.QualifierLatest), Body: in})
}

var latest = dara.String(fcspec.QualifierLatest)

// TestProvisionConfig: PutProvisionConfig, GetProvisionConfig,
// DeleteProvisionConfig and ListProvisionConfigs through the official SDK,
// with current from the data plane, validation, events, restart and the
// function's deletion.
func TestProvisionConfig(t *testing.T) {
	e := newEnv(t)
	e.provisioned = func(fn string) (int, string) {
		if fn == "chat" {
			return 1, "the local gateway's instance limit (1) is reached"
		}
		return 0, ""
	}
	e.restart()
	f := e.create(fnInput("chat", zipOf(t, "v1")))
	e.create(fnInput("other", zipOf(t, "v1")))
	e.takeEvents()
	chat := dara.String("chat")

	got, err := e.client.GetProvisionConfig(chat, &fc.GetProvisionConfigRequest{Qualifier: latest})
	if err != nil || dara.Int64Value(got.Body.Target) != 0 || got.Body.Target == nil || dara.StringValue(got.Body.FunctionArn) != dara.StringValue(f.FunctionArn) {
		t.Fatalf("unset config = %s, %v; want target 0", jsonText(t, got.Body), err)
	}
	resp, err := putProvision(e, "chat", &fc.PutProvisionConfigInput{Target: dara.Int64(2), AlwaysAllocateCPU: dara.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if b := resp.Body; dara.Int64Value(b.Target) != 2 || dara.Int64Value(b.Current) != 1 || dara.StringValue(b.CurrentError) == "" || !dara.BoolValue(b.AlwaysAllocateCPU) {
		t.Errorf("put = %s; want target 2, current 1 with its error, alwaysAllocateCPU kept", jsonText(t, b))
	}
	// Without a qualifier: the SDK leaves it out; taken as LATEST.
	if _, err := e.client.PutProvisionConfig(dara.String("other"), &fc.PutProvisionConfigRequest{Body: &fc.PutProvisionConfigInput{Target: dara.Int64(1)}}); err != nil {
		t.Errorf("put without a qualifier: %v", err)
	}

	for name, in := range map[string]*fc.PutProvisionConfigInput{
		"no target":        {},
		"negative":         {Target: dara.Int64(-1)},
		"too many":         {Target: dara.Int64(fcspec.ProvisionConfigTargetMax + 1)},
		"defaultTarget":    {Target: dara.Int64(1), DefaultTarget: dara.Int64(3)},
		"scheduledActions": {Target: dara.Int64(1), ScheduledActions: []*fc.ScheduledAction{{Name: dara.String("s"), Target: dara.Int64(2)}}},
	} {
		_, err := putProvision(e, "chat", in)
		t.Run(name, func(t *testing.T) { sdkErr(t, err, "InvalidArgument", 400) })
	}
	_, err = e.client.PutProvisionConfig(chat, &fc.PutProvisionConfigRequest{Qualifier: dara.String("prod"), Body: &fc.PutProvisionConfigInput{Target: dara.Int64(1)}})
	sdkErr(t, err, "InvalidArgument", 400)
	_, err = putProvision(e, "nope", &fc.PutProvisionConfigInput{Target: dara.Int64(1)})
	sdkErr(t, err, "FunctionNotFound", 404)

	e.restart()
	got, err = e.client.GetProvisionConfig(chat, &fc.GetProvisionConfigRequest{Qualifier: latest})
	if err != nil || dara.Int64Value(got.Body.Target) != 2 || dara.Int64Value(got.Body.Current) != 1 {
		t.Errorf("after restart: %s, %v", jsonText(t, got.Body), err)
	}
	list, err := e.client.ListProvisionConfigs(&fc.ListProvisionConfigsRequest{Limit: dara.Int32(1)})
	if err != nil || len(list.Body.ProvisionConfigs) != 1 || dara.StringValue(list.Body.ProvisionConfigs[0].FunctionArn) != dara.StringValue(f.FunctionArn) || list.Body.NextToken == nil {
		t.Fatalf("list page 1 = %s, %v", jsonText(t, list.Body), err)
	}
	list, err = e.client.ListProvisionConfigs(&fc.ListProvisionConfigsRequest{Limit: dara.Int32(1), NextToken: list.Body.NextToken})
	if err != nil || len(list.Body.ProvisionConfigs) != 1 || list.Body.NextToken != nil {
		t.Fatalf("list page 2 = %s, %v", jsonText(t, list.Body), err)
	}
	list, err = e.client.ListProvisionConfigs(&fc.ListProvisionConfigsRequest{FunctionName: dara.String("other")})
	if err != nil || len(list.Body.ProvisionConfigs) != 1 || dara.Int64Value(list.Body.ProvisionConfigs[0].Target) != 1 {
		t.Fatalf("list of other = %s, %v", jsonText(t, list.Body), err)
	}

	for range 2 { // deleting is idempotent
		if _, err := e.client.DeleteProvisionConfig(chat, &fc.DeleteProvisionConfigRequest{Qualifier: latest}); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := e.client.GetProvisionConfig(chat, &fc.GetProvisionConfigRequest{Qualifier: latest}); dara.Int64Value(got.Body.Target) != 0 {
		t.Errorf("after delete: %s", jsonText(t, got.Body))
	}
	// Deleting the function deletes its config.
	if _, err := e.client.DeleteFunction(dara.String("other")); err != nil {
		t.Fatal(err)
	}
	e.create(fnInput("other", zipOf(t, "v2")))
	if got, _ := e.client.GetProvisionConfig(dara.String("other"), &fc.GetProvisionConfigRequest{}); dara.Int64Value(got.Body.Target) != 0 {
		t.Errorf("a recreated function inherited its provision config: %s", jsonText(t, got.Body))
	}
	var kinds []EventKind
	for _, ev := range e.takeEvents() {
		if ev.Function == "chat" {
			kinds = append(kinds, ev.Kind)
		}
	}
	// put 2, delete (the second delete changed nothing)
	if jsonText(t, kinds) != `["ProvisionChanged","ProvisionChanged"]` {
		t.Errorf("events of chat = %v", kinds)
	}
}
