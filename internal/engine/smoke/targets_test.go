package smoke

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// testStack declares one function of each kind that matters to Targets.
func testStack() *config.Stack {
	get := func(name, auth string, closed bool) *config.HTTPTrigger {
		return &config.HTTPTrigger{Name: name, Methods: []string{"GET"}, AuthType: auth, DisableURLInternet: closed}
	}
	return &config.Stack{Functions: []*config.Function{
		{Label: "auth", Name: "auth-fc", Triggers: []*config.HTTPTrigger{get("ws", "function", false)}},
		{Label: "chat", Name: "chat-prod", Triggers: []*config.HTTPTrigger{get("ws", "anonymous", false)},
			Smoke: &config.Smoke{Enabled: true, Send: "ping", ExpectRegexp: "^pong", Timeout: 15 * time.Second}},
		{Label: "multi", Name: "multi", Triggers: []*config.HTTPTrigger{
			get("a", "anonymous", true), {Name: "b", Methods: []string{"POST"}}, get("c", "anonymous", false)}},
		{Label: "quiet", Name: "quiet", Triggers: []*config.HTTPTrigger{get("ws", "anonymous", false)},
			Smoke: &config.Smoke{Enabled: false}},
		{Label: "worker", Name: "worker", Triggers: []*config.HTTPTrigger{{Name: "hook", Methods: []string{"POST"}}}},
	}}
}

var testURLs = config.TriggerURLs{
	"auth":  {"ws": "http://127.0.0.1:1/"},
	"chat":  {"ws": "http://127.0.0.1:2/"},
	"multi": {"a": "http://127.0.0.1:3/", "c": "http://127.0.0.1:4/"},
	"quiet": {"ws": "http://127.0.0.1:5/"},
}

func labels(ts []Target) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Function+"."+t.Trigger)
	}
	return strings.Join(out, " ")
}

func TestTargetsSelection(t *testing.T) {
	cases := []struct {
		name string
		sel  Selection
		want string
	}{
		{"all", Selection{Mode: ModeAll}, "auth.ws chat.ws multi.c"},
		{"changed", Selection{Mode: ModeChanged, Changed: []string{"chat", "quiet", "worker"}}, "chat.ws"},
		{"none", Selection{Mode: ModeNone, Changed: []string{"chat"}}, ""},
		{"named", Selection{Mode: ModeAll, Only: []string{"quiet", "chat"}}, "chat.ws quiet.ws"},
		{"named beats changed", Selection{Mode: ModeChanged, Only: []string{"multi"}}, "multi.c"},
	}
	for _, c := range cases {
		got, err := Targets(testStack(), testURLs, c.sel)
		if err != nil || labels(got) != c.want {
			t.Errorf("%s: %q, %v; want %q", c.name, labels(got), err, c.want)
		}
	}
}

func TestTargetsRefuseNames(t *testing.T) {
	for name, want := range map[string]string{
		"nope":   `no function "nope" in this stack; it declares: auth, chat, multi, quiet, worker`,
		"worker": `function "worker" has no http_trigger allowing GET`,
	} {
		_, err := Targets(testStack(), testURLs, Selection{Mode: ModeAll, Only: []string{name}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Each target carries its URL, smoke block (or the defaults), the change
// apply made, and a signer only where the trigger needs one.
func TestTargetsFields(t *testing.T) {
	at := time.Now()
	changes := Changes{}
	changes.Note("chat", "ws", Updated, at)
	changes.Note("multi", "a", Created, at) // not the trigger smoke uses
	sign := func(*http.Request) error { return nil }
	got, err := Targets(testStack(), testURLs, Selection{Mode: ModeAll, Triggers: changes, Sign: sign})
	if err != nil || len(got) != 3 {
		t.Fatalf("%v: %s", err, labels(got))
	}
	auth, chat, multi := got[0], got[1], got[2]
	if auth.Sign == nil || chat.Sign != nil || multi.Sign != nil {
		t.Error("signers: only the function-auth trigger gets one")
	}
	if chat.FCName != "chat-prod" || chat.URL != "http://127.0.0.1:2/" || chat.AuthType != "anonymous" ||
		chat.Smoke.Send != "ping" || chat.Smoke.ExpectRegexp != "^pong" || chat.Smoke.Timeout != 15*time.Second {
		t.Errorf("chat: %+v", chat)
	}
	if chat.Change != (Change{Updated, at}) || multi.Change != (Change{}) {
		t.Errorf("changes: chat %+v, multi %+v", chat.Change, multi.Change)
	}
	if auth.Smoke.Timeout != config.DefaultSmokeTimeout || auth.Smoke.Send != "" {
		t.Errorf("defaults: %+v", auth.Smoke)
	}
}

// A target without a URL (apply did not create its trigger) ends at once.
func TestTargetWithoutURL(t *testing.T) {
	r, elapsed := runOne(t, Target{Function: "chat", Trigger: "ws", Smoke: defaultSmoke()}, Options{})
	want(t, r, Unreachable, "has no URL", "run wsdeploy apply again")
	if r.Attempts != 0 || elapsed > 5*time.Second {
		t.Errorf("%d attempts, %s", r.Attempts, elapsed)
	}
}

func TestParseMode(t *testing.T) {
	for _, s := range []string{"all", "changed", "none"} {
		if m, err := ParseMode(s); err != nil || string(m) != s {
			t.Errorf("%s: %q, %v", s, m, err)
		}
	}
	if _, err := ParseMode("some"); err == nil || !strings.Contains(err.Error(), "all, changed or none") {
		t.Errorf("some: %v", err)
	}
}

// A failure outranks an unreachable trigger: exit 4 invites a retry that
// cannot fix a wrong answer.
func TestExitCode(t *testing.T) {
	sum := func(outcomes ...Outcome) *Summary {
		s := &Summary{}
		for _, o := range outcomes {
			s.Results = append(s.Results, Result{Outcome: o})
		}
		return s
	}
	cases := []struct {
		s    *Summary
		want int
	}{
		{sum(), 0},
		{sum(OK, OK), 0},
		{sum(OK, Unreachable), ExitUnreachable},
		{sum(Failed, OK), ExitFailed},
		{sum(Unreachable, Failed), ExitFailed},
	}
	for _, c := range cases {
		if got := c.s.ExitCode(); got != c.want {
			t.Errorf("%v: %d, want %d", c.s.Results, got, c.want)
		}
	}
	if n := sum(OK, Failed, Failed).Count(Failed); n != 2 {
		t.Errorf("count %d", n)
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("héllo", 2); got != "h…" {
		t.Errorf("%q", got) // never half a rune
	}
	if got := truncate(strings.Repeat("x", 10), 10); got != strings.Repeat("x", 10) {
		t.Errorf("%q", got)
	}
	if got := truncate("abc", 2); got != "ab…" {
		t.Errorf("%q", got)
	}
}
