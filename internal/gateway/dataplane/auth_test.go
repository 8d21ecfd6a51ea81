package dataplane

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

var authCred = fcauth.Credentials{AccessKeyID: "LTAI5tGatewayKey0001", AccessKeySecret: "gateway-secret"}

// authEnv is a plane whose key pair is authCred, running function "fn"
// behind a trigger with authType "function"; mod adjusts the plane.
func authEnv(t *testing.T, mod func(*Config)) (*env, string) {
	e := newEnv(t, func(c *Config) {
		c.Lookup = func(id string) (string, bool) { return authCred.AccessKeySecret, id == authCred.AccessKeyID }
		if mod != nil {
			mod(c)
		}
	})
	e.function("fn", nil)
	return e, e.trigger("fn", func(tr *Trigger) { tr.AuthType = "function" })
}

// signedWith is the header of a GET of url signed by sign.
func signedWith(t *testing.T, sign func(*http.Request, fcauth.Credentials, time.Time) error, url string, cred fcauth.Credentials, at time.Time) http.Header {
	t.Helper()
	req := mustRequest(t, "GET", url, nil)
	if err := sign(req, cred, at); err != nil {
		t.Fatal(err)
	}
	return req.Header
}

// TestAuthFunction signs trigger requests with the gateway's key pair with
// ACS3-HMAC-SHA256, as FC 3.0 documents: a signed handshake and request
// pass, unsigned ones get 400, wrong or stale signatures 403.
func TestAuthFunction(t *testing.T) {
	e, url := authEnv(t, nil)
	cred := authCred
	signed := func(t *testing.T, path string, cred fcauth.Credentials, at time.Time) http.Header {
		t.Helper()
		return signedWith(t, fcauth.SignTriggerACS3, url+path, cred, at)
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
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 400, fcspec.ErrorTypeCommon, fcspec.CodeMissingRequiredHeader)
	})
	t.Run("wrong secret", func(t *testing.T) {
		bad := cred
		bad.AccessKeySecret = "not-the-secret"
		_, resp, err := dial(t, url+"ws", signed(t, "ws", bad, time.Now()))
		if err == nil {
			t.Fatal("a wrongly signed handshake passed")
		}
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 403, fcspec.ErrorTypeCommon, fcspec.CodeSignatureNotMatch)
	})
	t.Run("signed for another path", func(t *testing.T) {
		_, resp, err := dial(t, url+"ws", signed(t, "other", cred, time.Now()))
		if err == nil {
			t.Fatal("a signature for another path passed")
		}
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 403, fcspec.ErrorTypeCommon, fcspec.CodeSignatureNotMatch)
	})
	t.Run("date 16 minutes old", func(t *testing.T) {
		_, resp, err := dial(t, url+"ws", signed(t, "ws", cred, time.Now().Add(-16*time.Minute)))
		if err == nil {
			t.Fatal("a stale signature passed")
		}
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 403, fcspec.ErrorTypeCommon, fcspec.CodeRequestTimeTooSkewed)
	})
}

// TestAuthFC2Scheme: a handshake signed in FC 2.0's "FC ak:sig" scheme is
// refused as FC 3.0 may refuse it (403 SignatureNotMatch, saying to sign
// with ACS3 and naming the switch), and passes on a plane started with
// AcceptFC2Signatures.
func TestAuthFC2Scheme(t *testing.T) {
	t.Run("refused by default", func(t *testing.T) {
		_, url := authEnv(t, nil)
		_, resp, err := dial(t, url+"ws", signedWith(t, fcauth.SignTrigger, url+"ws", authCred, time.Now()))
		if err == nil {
			t.Fatal("an FC 2.0-signed handshake passed")
		}
		body := readAll(t, resp)
		expectRefusal(t, resp.StatusCode, resp.Header, body, 403, fcspec.ErrorTypeCommon, fcspec.CodeSignatureNotMatch)
		for _, want := range []string{"Function Compute 2.0", fcauth.AlgorithmACS3, "--accept-fc2-signatures"} {
			if !strings.Contains(string(body), want) {
				t.Errorf("refusal %s does not say %q", body, want)
			}
		}
	})
	t.Run("accepted with the switch", func(t *testing.T) {
		_, url := authEnv(t, func(c *Config) { c.AcceptFC2Signatures = true })
		c, resp, err := dial(t, url+"ws", signedWith(t, fcauth.SignTrigger, url+"ws", authCred, time.Now()))
		if err != nil {
			t.Fatalf("FC 2.0-signed handshake with AcceptFC2Signatures: %v, %s", err, status(resp))
		}
		defer c.CloseNow()
		echo(t, c, "fc2")
	})
}
