package jsonstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/wire/wiretest"
)

// every holds one value of every message type; PlanProgress and ApplyHook
// name their type in a field.
var every = []Message{
	Version{}, Note{}, FunctionLog{}, DiagnosticMessage{},
	PlanProgress{Event: TypeBuildStart}, PlanProgress{Event: TypeBuildComplete},
	PlanProgress{Event: TypeRefreshStart}, PlanProgress{Event: TypeRefreshComplete},
	PlannedChange{}, ChangeSummary{},
	ApplyHook{Event: TypeApplyStart}, ApplyHook{Event: TypeApplyProgress}, ApplyHook{Event: TypeApplyComplete},
	ApplyHook{Event: TypeApplyErrored}, ApplyHook{Event: TypeApplySkipped},
	Outputs{}, OutputMessage{}, ImportComplete{},
	SmokeStart{}, SmokeResultMessage{}, SmokeSummary{},
	ValidateResult{}, FmtFile{}, ConvertedMessage{}, DevWatching{}, DevChange{}, DevStopped{},
	GatewayReady{}, GatewayStatus{}, GatewayStopped{}, Billing{},
	Plugin{}, PluginsSummary{}, Sessions{}, SessionDeleted{}, Status{},
}

// A message's own fields never take an envelope field's name: Write would
// replace them without a word.
func TestMessagesLeaveTheEnvelopeAlone(t *testing.T) {
	envelope := []string{"type", "format_version", "@level", "@message", "@timestamp"}
	for _, m := range every {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var fields map[string]any
		if err := json.Unmarshal(b, &fields); err != nil {
			t.Fatal(err)
		}
		for k := range fields {
			if slices.Contains(envelope, k) {
				t.Errorf("%T has a field %q, which the envelope sets", m, k)
			}
		}
	}
}

func TestWriteOneSortedLine(t *testing.T) {
	var b bytes.Buffer
	at := time.Date(2025, 1, 2, 3, 4, 5, 600, time.UTC)
	if err := Write(&b, Warn, "two\nlines <stdin>", at, DevChange{Paths: []string{"a&b"}}); err != nil {
		t.Fatal(err)
	}
	want := `{"@level":"warn","@message":"two lines <stdin>","@timestamp":"2025-01-02T03:04:05.0000006Z","format_version":"1.0","paths":["a&b"],"type":"dev_change"}` + "\n"
	if b.String() != want {
		t.Errorf("got  %swant %s", b.String(), want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }

func TestWriteReportsTheWriter(t *testing.T) {
	if err := Write(failingWriter{}, Info, "x", time.Now(), Note{}); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("err = %v", err)
	}
}

// every covers every message type this package declares.
func TestEveryTypeHasAMessage(t *testing.T) {
	for name, typ := range wiretest.Constants(t, ".", "Type") {
		if !slices.ContainsFunc(every, func(m Message) bool { return string(m.Type()) == typ }) {
			t.Errorf("%s (%q) has no message in every", name, typ)
		}
	}
}
