package views

import (
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
)

// smokeRun is what smoke.Run reports for three functions: chat waits for
// propagation and passes, solo fails at once, late never becomes reachable.
func smokeRun() ([]smoke.Event, *smoke.Summary) {
	chat := &smoke.Target{Function: "chat", FCName: "chat-prod", Trigger: "ws", URL: "https://chat.example/", AuthType: "anonymous",
		Change: smoke.Change{Kind: smoke.Created}}
	chat.Smoke.Timeout = time.Minute
	solo := &smoke.Target{Function: "solo", FCName: "solo", Trigger: "ws", URL: "https://solo.example/", AuthType: "function"}
	late := &smoke.Target{Function: "late", FCName: "late", Trigger: "hook", URL: "https://late.example/"}
	results := []smoke.Result{
		{Function: "chat", FCName: "chat-prod", Trigger: "ws", URL: chat.URL, Outcome: smoke.OK, Attempts: 9,
			Answer: &smoke.Answer{Status: 404, ErrorType: "FcCommonError", Code: "TriggerNotFound", Message: "not yet", RequestID: "1-ab"},
			Waited: 4200 * time.Millisecond, Handshake: 12 * time.Millisecond, PingRTT: 400 * time.Microsecond, ReplyRTT: 1500 * time.Microsecond},
		{Function: "solo", FCName: "solo", Trigger: "ws", URL: solo.URL, Outcome: smoke.Failed, Attempts: 1,
			Reason: "the reply \"bye\" does not match expect \"hello\"\nsecond line", Hint: "fix the server", Received: "bye"},
		{Function: "late", FCName: "late", Trigger: "hook", URL: late.URL, Outcome: smoke.Unreachable, Attempts: 30,
			Reason: "not reachable within 1m0s", Hint: "raise smoke { timeout }", Waited: time.Minute},
	}
	events := []smoke.Event{
		{Type: smoke.Started, Target: chat}, {Type: smoke.Started, Target: solo}, {Type: smoke.Started, Target: late},
		{Type: smoke.Waiting, Target: chat, Attempt: 1, Waited: 100 * time.Millisecond, Last: "404"},
		{Type: smoke.Waiting, Target: late, Attempt: 1, Waited: 4100 * time.Millisecond, Last: "404"},
		{Type: smoke.Finished, Target: chat, Result: &results[0]},
		{Type: smoke.Finished, Target: solo, Result: &results[1]},
		{Type: smoke.Waiting, Target: late, Attempt: 2, Waited: 59 * time.Second, Last: "404"},
		{Type: smoke.Finished, Target: late, Result: &results[2]},
	}
	return events, &smoke.Summary{Results: results}
}

func TestSmokeHumanWithoutTerminal(t *testing.T) {
	var o testOutput
	v := NewSmoke(New(Options{Streams: o.streams(0)}), false)
	events, sum := smokeRun()
	for _, e := range events {
		v.Progress(e)
	}
	v.Summary(sum)
	want := "✓ function.chat  trigger ws  propagation 4.2s  handshake 12ms  rtt 0.4ms  reply 1.5ms\n" +
		"✗ function.solo  trigger ws  the reply \"bye\" does not match expect \"hello\" | second line → fix the server\n" +
		"✗ function.late  trigger hook  unreachable: not reachable within 1m0s → raise smoke { timeout }\n" +
		"Smoke test failed: 1 failed, 1 unreachable, 1 passed.\n"
	if got := o.stdout.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
	if o.stderr.Len() != 0 {
		t.Errorf("progress without a terminal: %q", o.stderr.String())
	}
}

// On a terminal a waiting line is kept on stderr, redrawn in place and
// erased before each result and the summary.
func TestSmokeHumanLive(t *testing.T) {
	var o testOutput
	v := NewSmoke(New(Options{Streams: o.streams(0)}), true)
	events, sum := smokeRun()
	for _, e := range events {
		v.Progress(e)
	}
	v.Summary(sum)
	const clear = "\r\x1b[K"
	want := clear + "waiting for trigger ws of chat to propagate… 0s" +
		clear + "waiting for trigger hook of late, trigger ws of chat to propagate… 4s" +
		clear + clear + "waiting for trigger hook of late to propagate… 4s" +
		clear + clear + "waiting for trigger hook of late to propagate… 4s" +
		clear + "waiting for trigger hook of late to propagate… 59s" +
		clear
	if got := o.stderr.String(); got != want {
		t.Errorf("stderr:\n%q\nwant:\n%q", got, want)
	}
	if n := strings.Count(o.stdout.String(), "\n"); n != 4 {
		t.Errorf("%d lines on stdout:\n%s", n, o.stdout.String())
	}
}

// The waiting line never wraps: it is cut to the terminal's width.
func TestSmokeHumanLiveNarrow(t *testing.T) {
	var o testOutput
	streams := o.streams(0)
	streams.Stderr.Width = 20
	v := NewSmoke(New(Options{Streams: streams}), true)
	events, _ := smokeRun()
	v.Progress(events[3])
	if got := o.stderr.String(); got != "\r\x1b[Kwaiting for trigger…" {
		t.Errorf("%q", got)
	}
}

func TestSmokeHumanPassedAndEmpty(t *testing.T) {
	var o testOutput
	v := NewSmoke(New(Options{Streams: o.streams(0)}), false)
	v.Summary(&smoke.Summary{Results: []smoke.Result{{Outcome: smoke.OK}, {Outcome: smoke.OK}}})
	v.Summary(&smoke.Summary{})
	want := "Smoke test passed! 2 functions answered.\nSmoke test: no function to check.\n"
	if got := o.stdout.String(); got != want {
		t.Errorf("%q", got)
	}
}

func TestSmokeJSON(t *testing.T) {
	var o testOutput
	v := NewSmoke(newTestJSON(&o), true)
	run, sum := smokeRun()
	for _, e := range run {
		v.Progress(e)
	}
	v.Summary(sum)
	evs := events(t, o.stdout.String())
	var types []string
	for _, e := range evs {
		types = append(types, e["type"].(string))
	}
	if got := strings.Join(types, " "); got != "version smoke_start smoke_start smoke_start smoke_result smoke_result smoke_result smoke_summary" {
		t.Fatalf("events: %s", got) // waiting is silent in JSON
	}
	start := evs[1]["smoke"].(map[string]any)
	if start["function"] != "chat" || start["fc_name"] != "chat-prod" || start["change"] != "created" || start["timeout_seconds"] != 60.0 || start["url"] != "https://chat.example/" {
		t.Errorf("smoke_start: %v", start)
	}
	if _, ok := evs[2]["smoke"].(map[string]any)["change"]; ok {
		t.Errorf("an unchanged trigger has a change: %v", evs[2])
	}
	ok := evs[4]["smoke"].(map[string]any)
	answer := ok["answer"].(map[string]any)
	if ok["outcome"] != "ok" || ok["attempts"] != 9.0 || ok["waited_seconds"] != 4.2 || ok["handshake_seconds"] != 0.012 ||
		answer["status"] != 404.0 || answer["error_code"] != "TriggerNotFound" || answer["request_id"] != "1-ab" || evs[4]["@level"] != "info" {
		t.Errorf("smoke_result ok: %v", evs[4])
	}
	failed := evs[5]["smoke"].(map[string]any)
	if failed["outcome"] != "failed" || failed["received"] != "bye" || failed["hint"] != "fix the server" || evs[5]["@level"] != "error" ||
		!strings.Contains(evs[5]["@message"].(string), "smoke test failed: the reply") {
		t.Errorf("smoke_result failed: %v", evs[5])
	}
	summary := evs[7]["smoke_summary"].(map[string]any)
	if summary["exit_code"] != 3.0 || summary["ok"] != 1.0 || summary["failed"] != 1.0 || summary["unreachable"] != 1.0 || evs[7]["@level"] != "error" {
		t.Errorf("smoke_summary: %v", evs[7])
	}
	if o.stderr.Len() != 0 {
		t.Errorf("stderr: %q", o.stderr.String())
	}
}
