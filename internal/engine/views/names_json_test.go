package views

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
	"github.com/wsdeploy/wsdeploy/internal/wire/wiretest"
)

// mapsEvery fails for each constant of type typ in the engine package in
// dir (read from its source, so a new one is found) that names lacks.
func mapsEvery[K ~string, V any](t *testing.T, dir, typ string, names map[K]V) {
	t.Helper()
	for name, v := range wiretest.Constants(t, dir, typ) {
		if _, ok := names[K(v)]; !ok {
			t.Errorf("%s.%s (%q) has no name in the -json stream: add it to names_json.go (and to package jsonstream)",
				filepath.Base(dir), name, v)
		}
	}
}

// Every value of the engine's enumerations that reaches the stream has its
// wire name: one added to the engine cannot reach the stream under its
// engine spelling, nor vanish from it.
func TestStreamNamesEveryEngineConstant(t *testing.T) {
	mapsEvery(t, "../plan", "ProgressKind", planProgressTypes)
	mapsEvery(t, "../apply", "EventType", applyEventTypes)
	mapsEvery(t, "../smoke", "Outcome", smokeOutcomes)
	mapsEvery(t, "../smoke", "ChangeKind", triggerChanges)
	for _, o := range jsonstream.Outcomes {
		if !slices.Contains(slices.Collect(maps.Values(smokeOutcomes)), o) {
			t.Errorf("the stream's outcome %q maps to no engine outcome", o)
		}
	}
}

// The golden stream holds an event of every message type jsonstream
// declares: a new message type comes with its golden line.
func TestStreamGoldenHasEveryType(t *testing.T) {
	stream, err := os.ReadFile(filepath.Join("testdata", "stream.golden"))
	if err != nil {
		t.Fatal(err)
	}
	for name, typ := range wiretest.Constants(t, "../../wire/jsonstream", "Type") {
		if !strings.Contains(string(stream), `"type":"`+typ+`"`) {
			t.Errorf("jsonstream.%s (%q) has no event in testdata/stream.golden: emit one in emitEveryMessage", name, typ)
		}
	}
}
