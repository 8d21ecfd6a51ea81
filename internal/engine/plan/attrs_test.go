package plan

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
)

func fn() *providers.Function {
	return providers.Normalize(&providers.Function{
		Name: "chat", Runtime: "custom.debian12", Command: []string{"./server"}, MemorySize: 1024,
		Environment: map[string]string{"PLAIN": "a", "SECRET": "pw-123456789", "GONE": "old"},
		Tags:        map[string]string{providers.StackTag: "s", "team": "x"},
	})
}

func TestDiffAttrsNamesWhatChangedInOrder(t *testing.T) {
	before, after := fn(), fn()
	after.MemorySize, after.CPU = 2048, 1
	after.Description = "new"
	delete(after.Environment, "GONE")
	after.Environment["PLAIN"] = "b"
	after.Environment["NEW"] = "n"
	after.Tags[providers.StackTag] = "other" // bookkeeping, never shown
	m := masker{declaredEnv: after.Environment, sensitive: map[string]bool{"SECRET": true}}

	got := diffAttrs(functionAttrs(before), functionAttrs(after), m)
	type row struct {
		Path, Action, Before, After string
		Sensitive                   bool
	}
	var rows []row
	for _, a := range got {
		rows = append(rows, row{a.Path, string(a.Action), string(a.Before), string(a.After), a.Sensitive})
	}
	want := []row{
		{"description", "create", "", `"new"`, false},
		{"memory_size", "update", "1024", "2048", false},
		{"cpu", "update", "0.5", "1", false},
		// A removed key's value is masked: nothing says it is not secret.
		{"environment.GONE", "delete", "", "", true},
		{"environment.NEW", "create", "", `"n"`, false},
		{"environment.PLAIN", "update", `"a"`, `"b"`, false},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("diff:\n%+v\nwant\n%+v", rows, want)
	}
	if d := diffAttrs(functionAttrs(before), functionAttrs(before), m); len(d) != 0 {
		t.Errorf("a function differs from itself: %+v", d)
	}
}

func TestMasking(t *testing.T) {
	s := secrets{values: []string{"long-secret-value", "s3"}}
	m := masker{secrets: s, declaredEnv: map[string]string{"A": "", "K": ""}, sensitive: map[string]bool{"K": true}}
	cases := []struct {
		path  string
		value any
		mask  bool
	}{
		{"environment.K", "harmless", true},                   // declared sensitive
		{"environment.A", "harmless", false},                  // declared, not sensitive
		{"environment.Z", "harmless", true},                   // not declared
		{"description", "has long-secret-value inside", true}, // derived from a secret
		{"command", []string{"./s", "--t=long-secret-value"}, true},
		{"description", "s3", true},              // a short secret, exactly
		{"description", "uses s3 bucket", false}, // but not inside other text
		{"port", 9000, false},
	}
	for _, c := range cases {
		if got := m.masks(c.path, c.value); got != c.mask {
			t.Errorf("masks(%s, %v) = %v", c.path, c.value, got)
		}
		a := attribute(c.path, Create, nil, c.value, m)
		if c.mask && (a.After != nil || !a.Sensitive) {
			t.Errorf("%s: masked attribute holds %s", c.path, a.After)
		}
	}
	if got := s.scrub("x long-secret-value y s3"); got != "x (sensitive value) y s3" {
		t.Errorf("scrub = %q", got)
	}
}

func TestZeroValuesAreLeftOut(t *testing.T) {
	l := functionAttrs(&providers.Function{Name: "n", MaxInstances: new(int)})
	var paths []string
	for _, a := range l {
		paths = append(paths, a.path)
	}
	// Reserved concurrency 0 is meaningful (the function is disabled).
	if !reflect.DeepEqual(paths, []string{"name", "max_instances"}) {
		t.Errorf("paths %v", paths)
	}
	b, _ := json.Marshal(l[1].value)
	if string(b) != "0" {
		t.Errorf("max_instances = %s", b)
	}
}
