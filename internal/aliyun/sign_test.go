package aliyun

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
)

// TestSignRequestVerifiesAsATriggerSignature: the handshake is signed with
// ACS3, which a verifier that refuses FC 2.0's scheme accepts.
func TestSignRequestVerifiesAsATriggerSignature(t *testing.T) {
	g := newGateway(t)
	lookup := func(ak string) (string, bool) { return testSecret, ak == testAK }

	r := httptest.NewRequest("GET", "http://chat-abc.cn-hangzhou.fcapp.run/ws?room=1", nil)
	r.Header.Set("Upgrade", "websocket")
	if err := g.provider(t).SignRequest(r); err != nil {
		t.Fatal(err)
	}
	if err := fcauth.VerifyTrigger(r, lookup, time.Now()); err != nil {
		t.Errorf("signed handshake refused: %v", err)
	}
	r.Method = "POST" // a changed request no longer verifies
	if err := fcauth.VerifyTrigger(r, lookup, time.Now()); err == nil {
		t.Error("a tampered request verified")
	}

	// STS credentials send their token.
	s := g.settings()
	s.SecurityToken = "sts-token-1"
	r = httptest.NewRequest("GET", "http://chat-abc.cn-hangzhou.fcapp.run/ws", nil)
	if err := mustNew(t, s).SignRequest(r); err != nil {
		t.Fatal(err)
	}
	if r.Header.Get("x-acs-security-token") != "sts-token-1" || fcauth.VerifyTrigger(r, lookup, time.Now()) != nil {
		t.Errorf("STS signature: token %q", r.Header.Get("x-acs-security-token"))
	}
}
