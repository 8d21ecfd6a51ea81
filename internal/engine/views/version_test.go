package views

import (
	"runtime"
	"testing"
)

func TestVersionHuman(t *testing.T) {
	var o testOutput
	NewVersion(New(Options{Streams: o.streams(0)})).Version("v1.2.3")
	want := "wsdeploy v1.2.3\non " + runtime.GOOS + "/" + runtime.GOARCH + " (" + runtime.Version() + ")\n"
	if got := o.stdout.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// In JSON the stream's opening version event is the whole answer.
func TestVersionJSON(t *testing.T) {
	var o testOutput
	NewVersion(New(Options{Streams: o.streams(0), Type: ViewJSON, Version: "v1.2.3", Now: fixedClock})).Version("v1.2.3")
	evs := events(t, o.stdout.String())
	if len(evs) != 1 || evs[0]["type"] != "version" || evs[0]["wsdeploy"] != "v1.2.3" {
		t.Errorf("events = %v", evs)
	}
}
