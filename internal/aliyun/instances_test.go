package aliyun

import (
	"encoding/json"
	"testing"
)

// FC's ListInstancesOutput (the API reference's example) has no
// connections: they stay unknown (nil), never 0; the local gateway's
// extra field is read when present.
func TestDecodeInstances(t *testing.T) {
	var fcBody, gwBody any
	json.Unmarshal([]byte(`{"instances":[{"instanceId":"1ef6b6ff","versionId":"0","qualifier":"LATEST","status":"Running","createdTimeMs":1700000000000,"resourceType":"OnDemand"}],"requestId":"r"}`), &fcBody)
	json.Unmarshal([]byte(`{"instances":[{"instanceId":"c-1","versionId":"0","qualifier":"LATEST","status":"Running","connections":2}]}`), &gwBody)
	got, err := decodeInstances(fcBody)
	if err != nil || len(got) != 1 {
		t.Fatalf("FC's answer: %v, %v", got, err)
	}
	if in := got[0]; in.ID != "1ef6b6ff" || in.Status != "Running" || in.CreatedMs != 1700000000000 || in.ResourceType != "OnDemand" || in.Connections != nil {
		t.Errorf("FC's instance: %+v", in)
	}
	got, err = decodeInstances(gwBody)
	if err != nil || len(got) != 1 || got[0].Connections == nil || *got[0].Connections != 2 {
		t.Errorf("the gateway's answer: %+v, %v", got, err)
	}
	if _, err := decodeInstances(map[string]any{"instances": "nope"}); err == nil {
		t.Errorf("a malformed answer was accepted")
	}
}
