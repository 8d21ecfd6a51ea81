package aliyun

import (
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Session affinity is created, changed, switched from header to cookie,
// removed (sessionAffinity NONE: FC keeps what an update leaves out) and
// added again through the gateway's FC API, and reads back as written
// each time, so a plan after apply is empty.
func TestSessionAffinityRoundTrip(t *testing.T) {
	p := newGateway(t).provider(t)
	f := wsFunction("chat", "demo")
	f.InstanceConcurrency = fcspec.AffinityInstanceConcurrency
	f.SessionAffinity = headerAffinity()
	got, err := p.CreateFunction(ctx, f, codeOf(t, "v1"))
	if err != nil {
		t.Fatal(err)
	}
	sameConfig(t, "created", got, f)
	updateSteps(t, p, f, []updateStep{
		{"ttl and idle changed", func(f *providers.Function) {
			f.SessionAffinity.SessionTTL, f.SessionAffinity.SessionIdleTimeout = 60, 30
		}},
		{"reuse allowed", func(f *providers.Function) { f.SessionAffinity.DisableSessionIDReuse = false }},
		{"cookie", func(f *providers.Function) {
			f.SessionAffinity = &providers.SessionAffinity{Type: fcspec.AffinityCookie, SessionsPerInstance: 2}
		}},
		{"affinity removed", func(f *providers.Function) { f.SessionAffinity = nil }},
		{"header again", func(f *providers.Function) { f.SessionAffinity = headerAffinity() }},
	})
}
