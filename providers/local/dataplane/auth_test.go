package dataplane

import (
	"net/http"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcauth"
)

// TestAuthFunction signs trigger requests with the gateway's key pair in
// FC's scheme: a signed handshake and request pass, unsigned ones get 400,
// wrong or stale signatures 403.
func TestAuthFunction(t *testing.T) {
	cred := fcauth.Credentials{AccessKeyID: "LTAI5tGatewayKey0001", AccessKeySecret: "gateway-secret"}
	lookup := func(id string) (string, bool) {
		if id == cred.AccessKeyID {
			return cred.AccessKeySecret, true
		}
		return "", false
	}
	e := newEnv(t, func(c *Config) { c.Lookup = lookup })
	e.function("fn", nil)
	url := e.trigger("fn", func(tr *Trigger) { tr.AuthType = "function" })

	signed := func(t *testing.T, path string, cred fcauth.Credentials, at time.Time) http.Header {
		t.Helper()
		req := mustRequest(t, "GET", url+path, nil)
		if err := fcauth.SignTrigger(req, cred, at); err != nil {
			t.Fatal(err)
		}
		return req.Header
	}

	t.Run("signed handshake", func(t *testing.T) {
		c, resp, err := dial(t, url+"ws?hello=1", signed(t, "ws?hello=1", cred, time.Now()))
		if err != nil {
			t.Fatalf("signed handshake: %v, %s", err, status(resp))
		}
		defer c.CloseNow()
		read(t, c)
		echo(t, c, "signed")
	})
	t.Run("signed request", func(t *testing.T) {
		req := mustRequest(t, "GET", url+"id", nil)
		req.Header = signed(t, "id", cred, time.Now())
		if code, _, b := e.do(req); code != 200 {
			t.Fatalf("signed GET: %d %.300q", code, b)
		}
	})
	t.Run("unsigned", func(t *testing.T) {
		_, resp, err := dial(t, url+"ws", nil)
		if err == nil {
			t.Fatal("an unsigned handshake passed")
		}
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 400, ErrorTypeCommon, fcauth.CodeMissingRequiredHeader)
	})
	t.Run("wrong secret", func(t *testing.T) {
		bad := cred
		bad.AccessKeySecret = "not-the-secret"
		_, resp, err := dial(t, url+"ws", signed(t, "ws", bad, time.Now()))
		if err == nil {
			t.Fatal("a wrongly signed handshake passed")
		}
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 403, ErrorTypeCommon, fcauth.CodeSignatureNotMatch)
	})
	t.Run("signed for another path", func(t *testing.T) {
		_, resp, err := dial(t, url+"ws", signed(t, "other", cred, time.Now()))
		if err == nil {
			t.Fatal("a signature for another path passed")
		}
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 403, ErrorTypeCommon, fcauth.CodeSignatureNotMatch)
	})
	t.Run("date 16 minutes old", func(t *testing.T) {
		_, resp, err := dial(t, url+"ws", signed(t, "ws", cred, time.Now().Add(-16*time.Minute)))
		if err == nil {
			t.Fatal("a stale signature passed")
		}
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 403, ErrorTypeCommon, fcauth.CodeRequestTimeTooSkewed)
	})
}
