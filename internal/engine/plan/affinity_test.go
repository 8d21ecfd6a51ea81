package plan

import (
	"reflect"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// session_affinity is copied from the stack (FC's defaults filled, the
// instance concurrency FC forces), shows in plans under its HCL names, and
// changes in place.
func TestSessionAffinityDiff(t *testing.T) {
	cf := &config.Function{Label: "chat", Name: "chat", Runtime: "custom.debian12", Code: "./app",
		SessionAffinity: &config.SessionAffinity{Type: fcspec.AffinityHeaderField, Header: "x-session-id", SessionIdleTimeout: 60}}
	want := desiredFunction("s", cf)
	if a := want.SessionAffinity; a == nil || *a != (providers.SessionAffinity{Type: fcspec.AffinityHeaderField, Header: "x-session-id",
		SessionsPerInstance: fcspec.DefaultSessionsPerInstance, SessionTTL: fcspec.DefaultSessionTTL, SessionIdleTimeout: 60}) {
		t.Fatalf("desired affinity %+v", a)
	}
	if want.InstanceConcurrency != fcspec.AffinityInstanceConcurrency {
		t.Errorf("instance concurrency %d", want.InstanceConcurrency)
	}
	if want.SessionAffinity == cf.SessionAffinity {
		t.Error("the desired function shares the stack's affinity")
	}

	// Turned on: an update in place listing each field.
	have := providers.Normalize(&providers.Function{Name: "chat", Runtime: "custom.debian12", InstanceConcurrency: 200,
		Tags: map[string]string{providers.StackTag: "s"}})
	cs := resource{label: "chat", want: want, have: have}.changes()
	var got []string
	for _, a := range cs[0].Attributes {
		got = append(got, string(a.Action)+" "+a.Path+" "+string(a.After))
	}
	if cs[0].Action != Update || !reflect.DeepEqual(got, []string{
		`create session_affinity.header "x-session-id"`,
		`create session_affinity.session_idle_timeout 60`,
		`create session_affinity.session_ttl 21600`,
		`create session_affinity.sessions_per_instance 20`,
		`create session_affinity.type "header_field"`,
	}) {
		t.Errorf("%s: %q", cs[0].Action, got)
	}

	// Changed: only what differs; the same: nothing.
	changed := *want
	a := *want.SessionAffinity
	a.Type, a.Header, a.DisableSessionIDReuse = fcspec.AffinityCookie, "", true
	changed.SessionAffinity = &a
	got = nil
	for _, at := range diffAttrs(functionAttrs(want), functionAttrs(&changed), masker{}) {
		got = append(got, string(at.Action)+" "+at.Path)
	}
	if !reflect.DeepEqual(got, []string{"create session_affinity.disable_session_id_reuse", "delete session_affinity.header", "update session_affinity.type"}) {
		t.Errorf("changed affinity: %q", got)
	}
	if cs := (resource{label: "chat", want: want, have: want}).changes(); cs[0].Action != NoOp {
		t.Errorf("same affinity: %s %+v", cs[0].Action, cs[0].Attributes)
	}
	// FC's "none" reads as no affinity.
	none := *have
	none.SessionAffinity = &providers.SessionAffinity{Type: fcspec.AffinityNone}
	if d := diffAttrs(functionAttrs(have), functionAttrs(&none), masker{}); len(d) != 0 {
		t.Errorf("NONE differs from no affinity: %+v", d)
	}
}
