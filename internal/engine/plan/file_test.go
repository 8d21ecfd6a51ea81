package plan

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func samplePlan() *Plan {
	return &Plan{
		FormatVersion: FormatVersion, Stack: "s", Provider: Provider{Name: "local", Region: "cn-hangzhou"},
		Targets: []string{"function.a"}, StackHash: "sha256:abc", Observed: map[string]string{"a": "sha256:def", "b": absent},
		Changes: []*Change{{Address: "function.a", Kind: KindFunction, Label: "a", Function: "a", Action: Update,
			Attributes: []Attribute{{Path: "methods", Action: Update, Before: json.RawMessage(`["GET"]`), After: json.RawMessage(`["GET","POST"]`)},
				{Path: "environment.K", Action: Create, Sensitive: true}},
			Code: &Code{Before: "1", After: "2", Files: 3, Size: 4}}},
		ready: true,
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	p := samplePlan()
	var buf bytes.Buffer
	if err := p.Save(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got.Ready() {
		t.Error("a loaded plan is ready before Resume")
	}
	if !sameChanges(got.Changes, p.Changes) || got.StackHash != p.StackHash || got.Observed["b"] != absent || got.Targets[0] != "function.a" {
		t.Errorf("round trip lost something:\n%s", buf.String())
	}
}

func TestLoadRefusesOtherFiles(t *testing.T) {
	for name, src := range map[string]string{
		"not json":      "PK\x03\x04",
		"other version": `{"format_version": 99, "stack": "s", "stack_hash": "x"}`,
		"unknown field": `{"format_version": 1, "stack": "s", "stack_hash": "x", "desired": {}}`,
		"no hash":       `{"format_version": 1, "stack": "s"}`,
	} {
		if _, err := Load(strings.NewReader(src)); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

func TestSummaryCountsReplaceTwice(t *testing.T) {
	p := &Plan{Changes: []*Change{{Action: Create}, {Action: Replace}, {Action: Update}, {Action: Delete}, {Action: NoOp}}}
	if s := p.Summary(); s != (Summary{Add: 2, Change: 1, Destroy: 2}) || !p.HasChanges() {
		t.Errorf("summary %+v", s)
	}
	if (&Plan{Changes: []*Change{{Action: NoOp}}}).HasChanges() {
		t.Error("no-ops count as changes")
	}
}

func TestParseTargets(t *testing.T) {
	got, err := parseTargets([]string{"function.a", "function.b-2"})
	if err != nil || !got["a"] || !got["b-2"] || len(got) != 2 {
		t.Errorf("%v %v", got, err)
	}
	for _, bad := range []string{"a", "function.", "function.a.http_trigger.ws", "output.url"} {
		if _, err := parseTargets([]string{bad}); err == nil || !strings.Contains(err.Error(), "function.NAME") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if got, err := parseTargets(nil); got != nil || err != nil {
		t.Errorf("no targets: %v %v", got, err)
	}
}
