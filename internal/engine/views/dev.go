package views

import (
	"fmt"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// Dev shows `wsdeploy dev`: what it watches, each change that starts a
// round (a round's plan, apply and smoke test use their own views), and
// the functions' logs between rounds.
type Dev interface {
	Base
	// Watching: the loop watches dirs; delay is the gateway's propagation
	// delay, which only new or changed triggers wait out (negative: no
	// gateway was reached yet).
	Watching(dirs []string, delay time.Duration)
	// Changed: paths (relative to the stack) changed, and a round starts.
	Changed(paths []string)
	// Log: a line a function's instance wrote.
	Log(function string, e LogEntry)
	// Stopped: Ctrl-C ended the loop; the deployment stays.
	Stopped()
}

// NewDev builds the dev view on base.
func NewDev(base Base) Dev {
	return pick(base,
		func(h *Human) Dev { return &devHuman{h} },
		func(j *JSON) Dev { return &devJSON{j} })
}

type devHuman struct{ *Human }

func (v *devHuman) Watching(dirs []string, delay time.Duration) {
	out := v.Streams.Stdout
	fmt.Fprintf(out, "\n%s\n", out.Color.Paint(watchingText(dirs), Bold))
	if text := propagationText(delay); text != "" {
		fmt.Fprintln(out, text)
	}
}

func (v *devHuman) Changed(paths []string) {
	out := v.Streams.Stdout
	fmt.Fprintf(out, "\n%s\n", out.Color.Paint(changedText(paths), Bold))
}

func (v *devHuman) Log(function string, e LogEntry) {
	out := v.Streams.Stdout
	fmt.Fprintf(out, "%s %s %s %s\n", out.Color.Paint(e.Time.Local().Format("15:04:05.000"), Dim),
		out.Color.Paint(function, Bold), out.Color.Paint(e.Instance, Cyan), e.Line)
}

func (v *devHuman) Stopped() { fmt.Fprintln(v.Streams.Stdout, "\n"+stoppedText) }

type devJSON struct{ *JSON }

func (v *devJSON) Watching(dirs []string, delay time.Duration) {
	v.emit(jsonstream.Info, strings.TrimSpace(watchingText(dirs)+" "+propagationText(delay)),
		jsonstream.DevWatching{Dirs: dirs, PropagationDelaySeconds: delay.Seconds()})
}

func (v *devJSON) Changed(paths []string) {
	v.emit(jsonstream.Info, changedText(paths), jsonstream.DevChange{Paths: paths})
}

func (v *devJSON) Log(function string, e LogEntry) {
	v.emit(jsonstream.Info, e.Line, jsonstream.FunctionLog{Function: function, Entry: e})
}

func (v *devJSON) Stopped() { v.emit(jsonstream.Info, stoppedText, jsonstream.DevStopped{}) }

func watchingText(dirs []string) string {
	return "Watching " + strings.Join(dirs, ", ") + " for changes (Ctrl-C stops watching and leaves the deployment running)."
}

func propagationText(delay time.Duration) string {
	if delay < 0 {
		return ""
	}
	if delay == 0 {
		return "The gateway serves changes at once: its propagation delay is 0."
	}
	return fmt.Sprintf("A code change is served once its update completes; a new or changed trigger takes the gateway's propagation delay (%s), "+
		"which the smoke test waits out (start the gateway with --propagation-delay=0s to skip it).", delay)
}

func changedText(paths []string) string {
	const most = 5
	shown := paths
	more := ""
	if len(paths) > most {
		shown, more = paths[:most], fmt.Sprintf(" and %d more", len(paths)-most)
	}
	return "Changed: " + strings.Join(shown, ", ") + more + ": applying again."
}

const stoppedText = "Stopped watching. The deployment keeps running; wsdeploy destroy removes it."
