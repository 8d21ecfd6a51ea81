package views

import (
	"strings"
	"testing"
	"time"
)

// dev says what it watches and how long triggers take, names each round's
// changes (the first few), prefixes log lines with their function, and
// says the deployment stays; -json carries the same as events.
func TestDevViews(t *testing.T) {
	paths := []string{"a", "b", "c", "d", "e", "f", "g"}
	entry := LogEntry{Time: epoch, Instance: "c-1", Stream: "stdout", Line: "listening"}
	var o testOutput
	v := NewDev(New(Options{Streams: o.streams(0)}))
	v.Watching([]string{"/s"}, -1)
	v.Watching([]string{"/s", "/code"}, 10*time.Second)
	v.Changed(paths)
	v.Log("echo", entry)
	v.Stopped()
	got := o.stdout.String()
	for _, frag := range []string{
		"Watching /s for changes (Ctrl-C stops watching and leaves the deployment running).\n\nWatching /s, /code",
		"propagation delay (10s), which the smoke test waits out",
		"Changed: a, b, c, d, e and 2 more: applying again.",
		" echo c-1 listening\n",
		"Stopped watching. The deployment keeps running; wsdeploy destroy removes it.",
	} {
		if !strings.Contains(got, frag) {
			t.Errorf("human output lacks %q:\n%s", frag, got)
		}
	}

	o = testOutput{}
	v = NewDev(newTestJSON(&o))
	v.Watching([]string{"/s"}, 0)
	v.Changed(paths[:1])
	v.Log("echo", entry)
	v.Stopped()
	got = o.stdout.String()
	for _, frag := range []string{`"type":"dev_watching"`, `"dirs":["/s"]`, `"propagation_delay_seconds":0`, "propagation delay is 0",
		`"type":"dev_change"`, `"paths":["a"]`, `"type":"log"`, `"function":"echo"`, `"type":"dev_stopped"`} {
		if !strings.Contains(got, frag) {
			t.Errorf("-json lacks %s:\n%s", frag, got)
		}
	}
}
