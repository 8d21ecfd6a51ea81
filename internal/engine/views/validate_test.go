package views

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func TestValidateHumanSuccess(t *testing.T) {
	var o testOutput
	NewValidate(New(Options{Streams: o.streams(0)})).Results(nil, nil)
	if got, want := o.stdout.String(), "Success! The configuration is valid.\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	if o.stderr.Len() != 0 {
		t.Errorf("stderr %q, want empty", o.stderr.String())
	}
}

func TestValidateHumanWarningsOnly(t *testing.T) {
	diag, src := attrDiag(t, "timeout = 5\n", "timeout", hcl.DiagWarning)
	var o testOutput
	NewValidate(New(Options{Streams: o.streams(0)})).Results(hcl.Diagnostics{diag}, src)
	if got, want := o.stdout.String(), "Success! The configuration is valid, with 1 warning.\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	want := "Warning: main.hcl:1:11: Bad timeout\n\n  1 | timeout = 5\n    |           ^\n\nFix timeout.\n\n"
	if got := o.stderr.String(); got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
}

func TestValidateHumanErrors(t *testing.T) {
	src := "a = 1\nb = 2\nc = 3\n"
	errA, sources := attrDiag(t, src, "a", hcl.DiagError)
	errB, _ := attrDiag(t, src, "b", hcl.DiagError)
	warn, _ := attrDiag(t, src, "c", hcl.DiagWarning)
	var o testOutput
	NewValidate(New(Options{Streams: o.streams(0)})).Results(hcl.Diagnostics{errA, warn, errB}, sources)
	if o.stdout.Len() != 0 {
		t.Errorf("stdout %q, want empty", o.stdout.String())
	}
	want := "Error: main.hcl:1:5: Bad a\n\n  1 | a = 1\n    |     ^\n\nFix a.\n\n" +
		"Warning: main.hcl:3:5: Bad c\n\n  3 | c = 3\n    |     ^\n\nFix c.\n\n" +
		"Error: main.hcl:2:5: Bad b\n\n  2 | b = 2\n    |     ^\n\nFix b.\n\n" +
		"2 errors, 1 warning\n"
	if got := o.stderr.String(); got != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
	}
}

func TestValidateJSON(t *testing.T) {
	diags, src := parseDiags(t, "a = %\n")
	var o testOutput
	NewValidate(New(Options{Streams: o.streams(0), Type: ViewJSON, Version: "v1", Now: fixedClock})).Results(diags, src)
	evs := events(t, o.stdout.String())
	types := []string{}
	for _, ev := range evs {
		types = append(types, ev["type"].(string))
	}
	if len(evs) != 2+len(diags) || types[0] != "version" || types[len(types)-1] != "validate_result" {
		t.Fatalf("event types %v", types)
	}
	last := evs[len(evs)-1]
	if last["valid"] != false || last["error_count"] != float64(len(diags)) || last["warning_count"] != float64(0) {
		t.Errorf("validate_result = %v", last)
	}
	var ok testOutput
	NewValidate(New(Options{Streams: ok.streams(0), Type: ViewJSON, Version: "v1", Now: fixedClock})).Results(nil, nil)
	res := events(t, ok.stdout.String())[1]
	if res["valid"] != true || res["@message"] != "The configuration is valid: 0 errors, 0 warnings" {
		t.Errorf("validate_result = %v", res)
	}
}
