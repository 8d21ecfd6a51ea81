package views

import "testing"

const sampleDiff = "--- a/main.hcl\n+++ b/main.hcl\n@@ -1 +1 @@\n-a=1\n+a = 1\n"

func TestFmtHumanListsChangedFiles(t *testing.T) {
	var o testOutput
	v := NewFmt(New(Options{Streams: o.streams(0)}))
	v.File(FmtFile{Name: "ok.hcl"})
	v.File(FmtFile{Name: "main.hcl", Changed: true, Written: true, Diff: sampleDiff})
	v.File(FmtFile{Name: "other.hcl", Changed: true})
	if got, want := o.stdout.String(), "main.hcl\n"+sampleDiff+"other.hcl\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

// Standard input is a filter: only the formatted source, or only the diff.
func TestFmtHumanStdin(t *testing.T) {
	var o testOutput
	v := NewFmt(New(Options{Streams: o.streams(0)}))
	v.Stdin(FmtFile{Name: "<stdin>", Changed: true}, []byte("a = 1\n"))
	v.Stdin(FmtFile{Name: "<stdin>", Changed: true, Diff: sampleDiff}, nil)
	if got, want := o.stdout.String(), "a = 1\n"+sampleDiff; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}

func TestFmtJSON(t *testing.T) {
	var o testOutput
	v := NewFmt(New(Options{Streams: o.streams(0), Type: ViewJSON, Version: "v1", Now: fixedClock}))
	v.File(FmtFile{Name: "ok.hcl"})
	v.File(FmtFile{Name: "main.hcl", Changed: true, Written: true, Diff: sampleDiff})
	v.File(FmtFile{Name: "other.hcl", Changed: true})
	v.Stdin(FmtFile{Name: "<stdin>", Changed: true}, []byte("a = 1\n"))
	evs := events(t, o.stdout.String())[1:]
	wantMsgs := []string{"ok.hcl: already formatted", "main.hcl: formatted", "other.hcl: not formatted", "<stdin>: not formatted"}
	for i, ev := range evs {
		if ev["type"] != "fmt_file" || ev["@message"] != wantMsgs[i] {
			t.Errorf("event %d = %v", i, ev)
		}
	}
	if evs[1]["diff"] != sampleDiff || evs[1]["written"] != true || evs[1]["changed"] != true {
		t.Errorf("main.hcl event = %v", evs[1])
	}
	if _, ok := evs[0]["diff"]; ok {
		t.Errorf("empty diff not omitted: %v", evs[0])
	}
	if evs[3]["formatted"] != "a = 1\n" {
		t.Errorf("stdin event = %v", evs[3])
	}
}
