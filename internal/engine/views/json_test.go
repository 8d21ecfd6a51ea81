package views

import (
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
)

func newTestJSON(o *testOutput) *JSON {
	return New(Options{Streams: o.streams(0), Type: ViewJSON, Version: "v1.2.3", Now: fixedClock}).(*JSON)
}

// events decodes the JSON stream and checks the fields every event carries.
func events(t *testing.T, stream string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for i, line := range strings.Split(strings.TrimSuffix(stream, "\n"), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("line %d is not a JSON object: %v\n%s", i+1, err, line)
		}
		for _, k := range []string{"type", "@level", "@message"} {
			if s, ok := ev[k].(string); !ok || s == "" {
				t.Errorf("line %d: %q missing or empty: %s", i+1, k, line)
			}
		}
		if ev["format_version"] != "1.0" {
			t.Errorf("line %d: format_version = %v", i+1, ev["format_version"])
		}
		ts, _ := ev["@timestamp"].(string)
		if _, err := time.Parse(time.RFC3339, ts); err != nil {
			t.Errorf("line %d: @timestamp %q is not RFC 3339", i+1, ts)
		}
		if strings.Contains(ev["@message"].(string), "\n") {
			t.Errorf("line %d: @message spans lines", i+1)
		}
		out = append(out, ev)
	}
	return out
}

func TestJSONStartsWithVersionEvent(t *testing.T) {
	var o testOutput
	newTestJSON(&o)
	want := `{"@level":"info","@message":"wsdeploy v1.2.3","@timestamp":"2025-01-02T03:04:05Z","format_version":"1.0",` +
		`"go":"` + runtime.Version() + `","platform":"` + runtime.GOOS + "/" + runtime.GOARCH + `","type":"version","wsdeploy":"v1.2.3"}` + "\n"
	if got := o.stdout.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if o.stderr.Len() != 0 {
		t.Errorf("JSON view wrote to stderr: %q", o.stderr.String())
	}
}

func TestJSONDiagnosticEvent(t *testing.T) {
	diags, src := parseDiags(t, "function \"chat\" {\n  runtime = \n}\n")
	var o testOutput
	v := newTestJSON(&o)
	o.stdout.Reset()
	v.Diagnostics(diags, src)
	want := `{"@level":"error","@message":"Error: Invalid expression","@timestamp":"2025-01-02T03:04:05Z",` +
		`"diagnostic":{"severity":"error","summary":"Invalid expression",` +
		`"detail":"Expected the start of an expression, but found an invalid expression token.",` +
		`"range":{"filename":"main.hcl","start":{"line":2,"column":13,"byte":30},"end":{"line":3,"column":1,"byte":31}},` +
		`"snippet":{"context":"function \"chat\"","code":"  runtime = ","start_line":2,"highlight_start_offset":12,"highlight_end_offset":12}},` +
		`"format_version":"1.0","type":"diagnostic"}` + "\n"
	if got := o.stdout.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestJSONDiagnosticMultiLineSnippet(t *testing.T) {
	diag, src := attrDiag(t, "f {\n  env = {\n    A = \"1\"\n  }\n}\n", "env", hcl.DiagWarning)
	var o testOutput
	v := newTestJSON(&o)
	v.Diagnostics(hcl.Diagnostics{diag}, src)
	ev := events(t, o.stdout.String())[1]
	if ev["@level"] != "warn" || ev["@message"] != "Warning: Bad env" {
		t.Errorf("level/message = %v / %v", ev["@level"], ev["@message"])
	}
	sn := ev["diagnostic"].(map[string]any)["snippet"].(map[string]any)
	code := sn["code"].(string)
	if code != "  env = {\n    A = \"1\"\n  }" {
		t.Errorf("code = %q", code)
	}
	start, end := int(sn["highlight_start_offset"].(float64)), int(sn["highlight_end_offset"].(float64))
	if got := code[start:end]; got != "{\n    A = \"1\"\n  }" {
		t.Errorf("highlighted %q", got)
	}
	if sn["start_line"].(float64) != 2 || sn["context"] != "f" {
		t.Errorf("start_line/context = %v / %v", sn["start_line"], sn["context"])
	}
}

// Without a subject there is no range; without source there is no snippet;
// a top-level subject has a null context.
func TestJSONDiagnosticOptionalParts(t *testing.T) {
	rng := hcl.Range{Filename: "gone.hcl", Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 2, Byte: 1}}
	diags, src := parseDiags(t, "a = %\n")
	diags = append(hcl.Diagnostics{
		{Severity: hcl.DiagError, Summary: "no subject"},
		{Severity: hcl.DiagError, Summary: "no source", Subject: &rng},
	}, diags...)
	var o testOutput
	newTestJSON(&o).Diagnostics(diags, src)
	evs := events(t, o.stdout.String())[1:]
	d0 := evs[0]["diagnostic"].(map[string]any)
	if _, ok := d0["range"]; ok {
		t.Errorf("range present without a subject: %v", d0)
	}
	d1 := evs[1]["diagnostic"].(map[string]any)
	if _, ok := d1["range"]; !ok {
		t.Errorf("range missing: %v", d1)
	}
	if _, ok := d1["snippet"]; ok {
		t.Errorf("snippet present without source: %v", d1)
	}
	sn := evs[2]["diagnostic"].(map[string]any)["snippet"].(map[string]any)
	if ctx, ok := sn["context"]; !ok || ctx != nil {
		t.Errorf("context = %v (present %v), want null", ctx, ok)
	}
}

func TestJSONError(t *testing.T) {
	var o testOutput
	v := newTestJSON(&o)
	v.Error(errors.New("cannot read <dir>"))
	evs := events(t, o.stdout.String())
	if len(evs) != 2 {
		t.Fatalf("got %d events, want 2", len(evs))
	}
	for i, want := range []string{"cannot read <dir>"} {
		ev := evs[i+1]
		d := ev["diagnostic"].(map[string]any)
		if ev["type"] != "diagnostic" || d["severity"] != "error" || d["summary"] != want || ev["@message"] != "Error: "+want {
			t.Errorf("event %d = %v", i+1, ev)
		}
	}
	if strings.Contains(o.stdout.String(), `\u003c`) {
		t.Errorf("HTML escaping in output: %s", o.stdout.String())
	}
}
