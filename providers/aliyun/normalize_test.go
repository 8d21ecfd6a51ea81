package aliyun

import (
	"reflect"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
)

func TestNormalizedIsAFixedPoint(t *testing.T) {
	f := wsFunction("chat", "demo")
	f.Environment = map[string]string{}
	f.Args = []string{}
	f.CPU = 0.35
	f.Triggers = []*providers.HTTPTrigger{{Name: "z", Methods: []string{"post", "GET"}}, {Name: "a"}}
	f.HealthCheck = &providers.HealthCheck{}
	n := normalized(f)
	if !reflect.DeepEqual(normalized(n), n) {
		t.Errorf("normalized is not idempotent:\n%s\n%s", jsonOf(normalized(n)), jsonOf(n))
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
	}
	if f.Triggers[0].Name != "z" || f.Environment == nil || f.Triggers[0].Methods[0] != "post" {
		t.Error("normalized changed its argument")
	}
	// A built-in runtime has no port to default.
	if n := normalized(&providers.Function{Runtime: "nodejs20"}); n.Port != 0 {
		t.Errorf("nodejs20 port %d", n.Port)
	}
}
