package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/wire/planfile"
	"github.com/wsdeploy/wsdeploy/internal/wire/wiretest"
)

func samplePlan() *Plan {
	return &Plan{
		Stack: "s", Provider: Provider{Name: "local", Region: "cn-hangzhou"},
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

// Every kind and action the engine declares has its name in the file, and
// every name of the format maps back: an engine constant added or renamed
// cannot reach the file under its engine spelling.
func TestFileNamesEveryKindAndAction(t *testing.T) {
	for name, v := range wiretest.Constants(t, ".", "Kind") {
		if _, ok := fileKinds[Kind(v)]; !ok {
			t.Errorf("plan.%s (%q) has no name in the plan file: add it to fileKinds (and to package planfile)", name, v)
		}
	}
	for name, v := range wiretest.Constants(t, ".", "Action") {
		if _, ok := fileActions[Action(v)]; !ok {
			t.Errorf("plan.%s (%q) has no name in the plan file: add it to fileActions (and to package planfile)", name, v)
		}
	}
	if len(kindsOfFile) != len(fileKinds) || len(actionsOfFile) != len(fileActions) {
		t.Error("two engine constants share a name in the plan file")
	}
	for _, k := range planfile.Kinds {
		if _, ok := kindsOfFile[k]; !ok {
			t.Errorf("the plan file's kind %q maps to no engine kind", k)
		}
	}
	for _, a := range planfile.Actions {
		if _, ok := actionsOfFile[a]; !ok {
			t.Errorf("the plan file's action %q maps to no engine action", a)
		}
	}
}

// A file of another format version is refused for its version, even when
// it has fields this version does not know, with what to do about it.
func TestLoadOtherVersionSaysPlanAgain(t *testing.T) {
	for src, want := range map[string]string{
		`{"format_version": 2, "stack": "s", "stack_hash": "x", "changes": [], "lineage": "new in 2"}`: "made by a newer wsdeploy",
		`{"format_version": 0, "stack": "s"}`: "made by an older wsdeploy",
	} {
		_, err := Load(strings.NewReader(src))
		var ve *planfile.VersionError
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v, want a *planfile.VersionError", src, err)
			continue
		}
		for _, part := range []string{want, "reads only version 1", "wsdeploy plan -out FILE again"} {
			if !strings.Contains(err.Error(), part) {
				t.Errorf("%s: %q does not say %q", src, err, part)
			}
		}
	}
}

// A kind or action the format does not have is refused, naming the change.
func TestLoadRefusesUnknownNames(t *testing.T) {
	for src, want := range map[string]string{
		`{"format_version": 1, "stack": "s", "stack_hash": "x", "changes": [{"address": "function.a", "kind": "lambda", "label": "a", "action": "create"}]}`:   `change 1 (function.a): unknown kind "lambda"`,
		`{"format_version": 1, "stack": "s", "stack_hash": "x", "changes": [{"address": "function.a", "kind": "function", "label": "a", "action": "upsert"}]}`: `unknown action "upsert"`,
		`{"format_version": 1, "stack": "s", "stack_hash": "x", "changes": [{"address": "function.a", "kind": "function", "label": "a", "action": "update",
		  "attributes": [{"path": "timeout", "action": "change"}]}]}`: `attribute timeout: unknown action "change"`,
		`{"stack": "s", "stack_hash": "x"}`: "no format_version",
	} {
		_, err := Load(strings.NewReader(src))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "not a wsdeploy plan file") {
			t.Errorf("%s: %v, want %q", src, err, want)
		}
	}
}

// fill sets every exported field reachable from v to a value that is not
// its zero, so that a field a conversion forgets shows in a round trip.
// Kinds and actions get valid values: the file checks them.
func fill(v reflect.Value) {
	switch v.Type() {
	case reflect.TypeFor[Kind]():
		v.Set(reflect.ValueOf(KindHTTPTrigger))
		return
	case reflect.TypeFor[Action]():
		v.Set(reflect.ValueOf(Update))
		return
	case reflect.TypeFor[json.RawMessage]():
		v.Set(reflect.ValueOf(json.RawMessage(`"x"`)))
		return
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(7)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem())
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0))
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k)
		fill(e)
		v.SetMapIndex(k, e)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	default:
		panic("fill: add a case for " + v.Type().String())
	}
}

// Every exported field of the engine's Plan and Change survives the plan
// file: a field added to the model and not to the file (or not converted)
// fails here rather than vanishing between plan -out and apply.
func TestFileCarriesEveryField(t *testing.T) {
	var p Plan
	fill(reflect.ValueOf(&p).Elem())
	var buf bytes.Buffer
	if err := p.Save(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(&p)
	got, _ := json.Marshal(back)
	if string(got) != string(want) {
		t.Errorf("the plan file lost something; engine's plan:\n%s\nafter the file:\n%s", want, got)
	}
}
