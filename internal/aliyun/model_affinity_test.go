package aliyun

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

func headerAffinity() *providers.SessionAffinity {
	return &providers.SessionAffinity{Type: fcspec.AffinityHeaderField, Header: "x-chat-session", SessionsPerInstance: 5,
		SessionTTL: 3600, SessionIdleTimeout: 0, DisableSessionIDReuse: true}
}

// Each affinity goes out as sessionAffinity plus the JSON string FC
// expects, with FC's field names and every field stated (an idle timeout
// of 0 and reuse false too), the header's name only with HEADER_FIELD; and
// reads back as it was written.
func TestAffinityGoesOutAsFCsConfigAndReadsBack(t *testing.T) {
	cookie := &providers.SessionAffinity{Type: fcspec.AffinityCookie, SessionsPerInstance: 20, SessionTTL: 21600, SessionIdleTimeout: 1800}
	for _, a := range []*providers.SessionAffinity{headerAffinity(), cookie} {
		typ, config := affinityInput(a)
		if dara.StringValue(typ) != a.Type {
			t.Errorf("%s: sessionAffinity %q", a.Type, dara.StringValue(typ))
		}
		var keys map[string]any
		if err := json.Unmarshal([]byte(dara.StringValue(config)), &keys); err != nil {
			t.Fatalf("%s: sessionAffinityConfig %q is not JSON: %v", a.Type, dara.StringValue(config), err)
		}
		want := []string{"disableSessionIdReuse", "sessionConcurrencyPerInstance", "sessionIdleTimeoutInSeconds", "sessionTTLInSeconds"}
		if a.Type == fcspec.AffinityHeaderField {
			want = append([]string{"affinityHeaderFieldName"}, want...)
		}
		var got []string
		for k := range keys {
			got = append(got, k)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: sessionAffinityConfig %s has keys %v, want %v", a.Type, dara.StringValue(config), got, want)
		}
		if back := affinity(typ, config); !reflect.DeepEqual(back, a) {
			t.Errorf("%s: read back %+v, want %+v", a.Type, back, a)
		}
	}
}

// A function without affinity reads as nil however FC says so.
func TestNoAffinityReadsAsNil(t *testing.T) {
	for _, typ := range []*string{nil, dara.String(""), dara.String(fcspec.AffinityNone)} {
		if a := affinity(typ, dara.String(`{"sessionTTLInSeconds":60}`)); a != nil {
			t.Errorf("sessionAffinity %v read as %+v, want nil", typ, a)
		}
	}
	raw := &fc.Function{FunctionName: dara.String("chat"), Runtime: dara.String("custom.debian12"), SessionAffinity: dara.String(fcspec.AffinityNone)}
	if f := fromFC(raw); f.SessionAffinity != nil {
		t.Errorf("fromFC: %+v", f.SessionAffinity)
	}
}

// Turning affinity off sends sessionAffinity NONE (fc3's value: FC keeps
// a setting an update leaves out), only when the function has affinity to
// remove; a change sends the new config; the comparison that decides
// whether an update is needed sees a changed affinity.
func TestUpdateTurnsAffinityOffWithNone(t *testing.T) {
	with := wsFunction("chat", "demo")
	with.SessionAffinity = headerAffinity()
	in, err := createInput(providers.Normalize(with))
	if err != nil {
		t.Fatal(err)
	}
	// FC's function as that creation leaves it (the input and the
	// function share their JSON keys).
	cur := &fc.Function{}
	if b, err := json.Marshal(in); err != nil || json.Unmarshal(b, cur) != nil {
		t.Fatal(err)
	}

	without := providers.Normalize(wsFunction("chat", "demo"))
	if got := dara.StringValue(updateInput(without, cur).SessionAffinity); got != fcspec.AffinityNone {
		t.Errorf("removing affinity sends sessionAffinity %q, want %s", got, fcspec.AffinityNone)
	}
	if got := updateInput(without, &fc.Function{Runtime: in.Runtime}).SessionAffinity; got != nil {
		t.Errorf("with no affinity to remove, the body has sessionAffinity %q, want none", *got)
	}
	changed := providers.Normalize(with)
	changed.SessionAffinity = &providers.SessionAffinity{Type: fcspec.AffinityCookie, SessionTTL: 60}
	changed = providers.Normalize(changed)
	up := updateInput(changed, cur)
	if a := affinity(up.SessionAffinity, up.SessionAffinityConfig); !reflect.DeepEqual(a, changed.SessionAffinity) {
		t.Errorf("a changed affinity sends %+v, want %+v", a, changed.SessionAffinity)
	}

	if diff := configDiff(changed, fromFC(cur)); !slices.Contains(diff, "SessionAffinity") {
		t.Errorf("configDiff of a changed affinity = %v, want SessionAffinity in it", diff)
	}
	if diff := configDiff(providers.Normalize(with), fromFC(cur)); len(diff) != 0 {
		t.Errorf("configDiff of the same affinity = %v, want none", diff)
	}
}
