package providers

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestNormalizeIsAFixedPoint(t *testing.T) {
	f := &Function{
		Name: "chat", Runtime: "custom.debian12", Command: []string{"./server"}, Args: []string{},
		MemorySize: 512, CPU: 0.35, Environment: map[string]string{},
		Tags:        map[string]string{StackTag: "demo"},
		Triggers:    []*HTTPTrigger{{Name: "z", Methods: []string{"post", "GET"}}, {Name: "a"}},
		HealthCheck: &HealthCheck{},
	}
	n := Normalize(f)
	if !reflect.DeepEqual(Normalize(n), n) {
		t.Errorf("Normalize is not idempotent:\n%s\n%s", jsonOf(Normalize(n)), jsonOf(n))
	}
	switch {
	case n.Environment != nil || n.Args != nil:
		t.Errorf("empty map and list kept: %#v %#v", n.Environment, n.Args)
	case n.HealthCheck != nil:
		t.Error("an all-zero health check kept (FC may return {} for none)")
	case n.CPU != 0.35:
		t.Errorf("cpu 0.35 became %v through float32", n.CPU)
	case n.Triggers[0].Name != "a" || !reflect.DeepEqual(n.Triggers[1].Methods, []string{"GET", "POST"}) || n.Triggers[0].AuthType != "function":
		t.Errorf("triggers: %s", jsonOf(n.Triggers))
	case n.Port != 9000 || n.DiskSize != 512 || n.Timeout != 3 || n.InstanceConcurrency != 1:
		t.Errorf("defaults not filled: %s", jsonOf(n))
	}
	if f.Triggers[0].Name != "z" || f.Environment == nil || f.Triggers[0].Methods[0] != "post" {
		t.Error("Normalize changed its argument")
	}
	// A built-in runtime has no port to default.
	if n := Normalize(&Function{Runtime: "nodejs20"}); n.Port != 0 {
		t.Errorf("nodejs20 port %d", n.Port)
	}
	// Memory without cpu gets wsdeploy's default ratio.
	if n := Normalize(&Function{MemorySize: 2048}); n.CPU != 1 {
		t.Errorf("cpu for 2048 MB = %v", n.CPU)
	}
}

func jsonOf(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}
