package views

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
)

// Smoke shows the post-deploy smoke test: a line per function as each
// finishes, then the outcome.
type Smoke interface {
	Base
	// Progress renders one event of smoke.Run; pass it as
	// smoke.Options.Progress.
	Progress(e smoke.Event)
	// Summary shows the outcome of the whole test.
	Summary(s *smoke.Summary)
}

// NewSmoke builds the smoke view on base. live says that stderr is a
// terminal: the human view then keeps a line there such as "waiting for
// trigger ws of chat to propagate… 4s" while triggers propagate. Without
// it, and in JSON, waiting is silent.
func NewSmoke(base Base, live bool) Smoke {
	return pick(base,
		func(h *Human) Smoke { return &smokeHuman{Human: h, live: live, waiting: map[string]smoke.Event{}} },
		func(j *JSON) Smoke { return &smokeJSON{j} })
}

type smokeHuman struct {
	*Human
	live    bool
	waiting map[string]smoke.Event // the latest Waiting event, by function label
	drawn   bool                   // the waiting line is on screen
}

func (v *smokeHuman) Progress(e smoke.Event) {
	switch e.Type {
	case smoke.Waiting:
		if v.live {
			v.waiting[e.Target.Function] = e
			v.draw()
		}
	case smoke.Finished:
		delete(v.waiting, e.Target.Function)
		v.erase()
		v.result(e.Result)
		v.draw()
	}
}

// draw replaces the waiting line with the current one.
func (v *smokeHuman) draw() {
	if !v.live || len(v.waiting) == 0 {
		return
	}
	var names []string
	var longest time.Duration
	for _, e := range v.waiting {
		names = append(names, fmt.Sprintf("%s of %s", e.Target.Via(), e.Target.Function))
		longest = max(longest, e.Waited)
	}
	sort.Strings(names)
	line := fmt.Sprintf("waiting for %s to propagate… %ds", strings.Join(names, ", "), int(longest.Seconds()))
	// A line that wraps could not be redrawn in place.
	if w := v.Streams.Stderr.Width; w > 1 && utf8.RuneCountInString(line) > w {
		line = string([]rune(line)[:w-1]) + "…"
	}
	fmt.Fprint(v.Streams.Stderr, "\r\x1b[K"+line)
	v.drawn = true
}

// erase clears the waiting line before anything else is printed.
func (v *smokeHuman) erase() {
	if v.drawn {
		fmt.Fprint(v.Streams.Stderr, "\r\x1b[K")
		v.drawn = false
	}
}

// result prints one line: ✓ or ✗, the function and trigger, then the
// timings or what went wrong and what to do.
func (v *smokeHuman) result(r *smoke.Result) {
	out := v.Streams.Stdout
	name := fmt.Sprintf("%s  %s", out.Color.Paint("function."+r.Function, Bold), r.Via())
	if r.Outcome == smoke.OK {
		line := fmt.Sprintf("%s %s  propagation %s  handshake %s  rtt %s", out.Color.Paint("✓", Green), name,
			seconds(r.Waited), millis(r.Handshake), millis(r.PingRTT))
		if r.ReplyRTT > 0 {
			line += "  reply " + millis(r.ReplyRTT)
		}
		fmt.Fprintln(out, line)
		return
	}
	what := oneLine(r.Reason)
	if r.Outcome == smoke.Unreachable {
		what = "unreachable: " + what
	}
	if r.Hint != "" {
		what += " → " + r.Hint
	}
	fmt.Fprintf(out, "%s %s  %s\n", out.Color.Paint("✗", Red), name, what)
}

func (v *smokeHuman) Summary(s *smoke.Summary) {
	v.erase()
	out := v.Streams.Stdout
	ok, failed, unreachable := s.Count(smoke.OK), s.Count(smoke.Failed), s.Count(smoke.Unreachable)
	switch {
	case len(s.Results) == 0:
		fmt.Fprintln(out, "Smoke test: no function to check.")
	case ok == len(s.Results):
		fmt.Fprintf(out, "%s %s answered.\n", out.Color.Paint("Smoke test passed!", Bold, Green), plural(ok, "function"))
	default:
		var parts []string
		if failed > 0 {
			parts = append(parts, fmt.Sprintf("%d failed", failed))
		}
		if unreachable > 0 {
			parts = append(parts, fmt.Sprintf("%d unreachable", unreachable))
		}
		parts = append(parts, fmt.Sprintf("%d passed", ok))
		fmt.Fprintf(out, "%s %s.\n", out.Color.Paint("Smoke test failed:", Bold, Red), strings.Join(parts, ", "))
	}
}

// millis is a short duration: "0.4ms", "12ms", "1.2s".
func millis(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return seconds(d)
}

// oneLine joins a multi-line message (a start failure with the function's
// last output lines) into one line.
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " | ")
}
