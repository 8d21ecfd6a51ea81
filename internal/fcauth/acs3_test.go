package fcauth_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

var t0 = time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC)

// TestSignACS3MatchesSDK re-signs every request the SDK sent, with the SDK's
// own date and nonce, and expects the SDK's Authorization byte for byte.
func TestSignACS3MatchesSDK(t *testing.T) {
	for _, raw := range sdkRequests(t) {
		orig, err := parseRaw(raw)
		if err != nil {
			t.Fatal(err)
		}
		r, err := http.NewRequest(orig.r.Method, "http://"+orig.r.Host+orig.r.RequestURI, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, vs := range orig.r.Header {
			if k != "Authorization" {
				r.Header[k] = vs
			}
		}
		err = fcauth.SignACS3(r, orig.body, testCred, signedAt(t, orig), orig.r.Header.Get("x-acs-signature-nonce"))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := r.Header.Get("Authorization"), orig.r.Header.Get("Authorization"); got != want {
			t.Errorf("%s\n got %s\nwant %s", firstLine(raw), got, want)
		}
	}
}

// clientRequest is a request as a non-SDK client would build it.
func clientRequest(t *testing.T, method, target string, body []byte) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, "http://127.0.0.1:9999"+target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("x-acs-action", "Test")
	r.Header.Set("x-acs-version", "2023-03-30")
	if len(body) > 0 {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

// TestSignACS3MatchesGetAuthorization compares SignACS3 with the SDK's
// GetAuthorization on the same inputs, including an STS token, repeated
// query keys' neighbours, empty values and a path with '+' and '*'.
func TestSignACS3MatchesGetAuthorization(t *testing.T) {
	for _, tc := range []struct {
		method, target string
		body           string
		cred           fcauth.Credentials
	}{
		{"GET", "/2023-03-30/functions", "", testCred},
		{"GET", "/2023-03-30/functions?prefix=a%20b%2A~&limit=1&nextToken=&z=%E6%97%A5", "", testCred},
		{"GET", "/2023-03-30/functions?a-b=1&a=2&a_b=3&A=4", "", testCred},
		{"PUT", "/2023-03-30/functions/a%2Bb*c~d", `{"timeout":3}`, testCred},
		{"DELETE", "/2023-03-30/functions/x/triggers/y%20z", "", fcauth.Credentials{AccessKeyID: "STS.key", AccessKeySecret: "s", SecurityToken: "tok/en=="}},
		{"POST", "/", `{"k":"ü"}`, testCred},
	} {
		r := clientRequest(t, tc.method, tc.target, []byte(tc.body))
		if err := fcauth.SignACS3(r, []byte(tc.body), tc.cred, t0, "nonce-1"); err != nil {
			t.Fatal(err)
		}

		req := dara.NewRequest()
		req.Method = dara.String(tc.method)
		req.Pathname = dara.String(r.URL.EscapedPath())
		for k, vs := range r.URL.Query() {
			req.Query[k] = dara.String(vs[0])
		}
		req.Headers["host"] = dara.String(r.Host)
		for k, vs := range r.Header {
			if k != "Authorization" {
				req.Headers[strings.ToLower(k)] = dara.String(vs[0])
			}
		}
		want := openapiutil.GetAuthorization(req, dara.String(fcauth.AlgorithmACS3),
			dara.String(r.Header.Get("x-acs-content-sha256")), dara.String(tc.cred.AccessKeyID), dara.String(tc.cred.AccessKeySecret))
		if got := r.Header.Get("Authorization"); got != dara.StringValue(want) {
			t.Errorf("%s %s\n got %s\nwant %s", tc.method, tc.target, got, dara.StringValue(want))
		}
		if tc.cred.SecurityToken != "" && r.Header.Get("x-acs-security-token") != tc.cred.SecurityToken {
			t.Errorf("security token header not set")
		}
	}
}

// signed returns a server-side copy of a request signed by SignACS3 at t0.
func signed(t *testing.T, method, target string, body []byte, nonce string) *http.Request {
	t.Helper()
	c := clientRequest(t, method, target, body)
	if err := fcauth.SignACS3(c, body, testCred, t0, nonce); err != nil {
		t.Fatal(err)
	}
	return asServer(t, c, body)
}

// asServer turns a client request into what a server's handler would see.
func asServer(t *testing.T, c *http.Request, body []byte) *http.Request {
	t.Helper()
	s := httptest.NewRequest(c.Method, c.URL.RequestURI(), bytes.NewReader(body))
	s.Host = c.Host
	s.Header = c.Header.Clone()
	return s
}

func wantCode(t *testing.T, err error, code fcspec.Code, status int) *fcauth.Error {
	t.Helper()
	var e *fcauth.Error
	if !errors.As(err, &e) {
		t.Fatalf("want %s, got %v", code, err)
	}
	if e.Code != code || e.Status != status {
		t.Fatalf("got %s %d (%s), want %s %d", e.Code, e.Status, e.Message, code, status)
	}
	if strings.Contains(e.Message, testSecret) {
		t.Fatalf("message contains the secret: %s", e.Message)
	}
	return e
}

func TestVerifyACS3Refusals(t *testing.T) {
	body := []byte(`{"description":"x"}`)
	const target = "/2023-03-30/functions/fn?qualifier=LATEST"
	fresh := func() *http.Request { return signed(t, "PUT", target, body, "n-1") }
	if err := fcauth.VerifyACS3(fresh(), body, lookup, t0); err != nil {
		t.Fatalf("the unmodified request must verify: %v", err)
	}
	reauth := func(r *http.Request, from, to string) {
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), from, to, 1))
	}

	for _, tc := range []struct {
		name   string
		mutate func(r *http.Request) (b []byte, now time.Time)
		code   fcspec.Code
		status int
	}{
		{"no Authorization", func(r *http.Request) ([]byte, time.Time) { r.Header.Del("Authorization"); return body, t0 },
			fcspec.CodeIncompleteSignature, 400},
		{"two Authorization headers", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Add("Authorization", r.Header.Get("Authorization"))
			return body, t0
		}, fcspec.CodeIncompleteSignature, 400},
		{"FC scheme", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set("Authorization", "FC "+testAK+":"+strings.Repeat("A", 43)+"=")
			return body, t0
		}, fcspec.CodeIncompleteSignature, 400},
		{"SM3 algorithm", func(r *http.Request) ([]byte, time.Time) {
			reauth(r, "ACS3-HMAC-SHA256", "ACS3-HMAC-SM3")
			return body, t0
		},
			fcspec.CodeIncompleteSignature, 400},
		{"truncated Authorization", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+testAK)
			return body, t0
		}, fcspec.CodeIncompleteSignature, 400},
		{"host not signed", func(r *http.Request) ([]byte, time.Time) { reauth(r, "host;", ""); return body, t0 },
			fcspec.CodeIncompleteSignature, 400},
		{"unsigned x-acs header added", func(r *http.Request) ([]byte, time.Time) { r.Header.Set("x-acs-extra", "1"); return body, t0 },
			fcspec.CodeIncompleteSignature, 400},
		{"nonce header removed", func(r *http.Request) ([]byte, time.Time) { r.Header.Del("x-acs-signature-nonce"); return body, t0 },
			fcspec.CodeIncompleteSignature, 400},
		{"x-acs-date repeated", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Add("x-acs-date", r.Header.Get("x-acs-date"))
			return body, t0
		}, fcspec.CodeIncompleteSignature, 400},
		{"literal + in path", func(r *http.Request) ([]byte, time.Time) { r.RequestURI = "/2023-03-30/functions/a+b"; return body, t0 },
			fcspec.CodeIncompleteSignature, 400},
		{"bad query escape", func(r *http.Request) ([]byte, time.Time) { r.RequestURI = target + "&x=%zz"; return body, t0 },
			fcspec.CodeIncompleteSignature, 400},
		{"unknown access key", func(r *http.Request) ([]byte, time.Time) { reauth(r, testAK, "LTAIother"); return body, t0 },
			fcspec.CodeAccessKeyNotFound, 404},
		{"date not ISO 8601", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set("x-acs-date", t0.Format(http.TimeFormat))
			return body, t0
		}, fcspec.CodeTimeStampFormat, 400},
		{"date 15m1s old", func(r *http.Request) ([]byte, time.Time) { return body, t0.Add(15*time.Minute + time.Second) },
			fcspec.CodeTimeStampExpired, 400},
		{"date 15m1s ahead", func(r *http.Request) ([]byte, time.Time) { return body, t0.Add(-15*time.Minute - time.Second) },
			fcspec.CodeTimeStampExpired, 400},
		{"wrong signature", func(r *http.Request) ([]byte, time.Time) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:len(a)-64]+strings.Repeat("0", 64))
			return body, t0
		}, fcspec.CodeSignatureDoesNotMatch, 400},
		{"method changed", func(r *http.Request) ([]byte, time.Time) { r.Method = "POST"; return body, t0 },
			fcspec.CodeSignatureDoesNotMatch, 400},
		{"path changed", func(r *http.Request) ([]byte, time.Time) {
			r.RequestURI = strings.Replace(r.RequestURI, "/fn", "/fo", 1)
			return body, t0
		}, fcspec.CodeSignatureDoesNotMatch, 400},
		{"query changed", func(r *http.Request) ([]byte, time.Time) {
			r.RequestURI = strings.Replace(r.RequestURI, "LATEST", "LATESU", 1)
			return body, t0
		}, fcspec.CodeSignatureDoesNotMatch, 400},
		{"query parameter added", func(r *http.Request) ([]byte, time.Time) { r.RequestURI += "&limit=1"; return body, t0 },
			fcspec.CodeSignatureDoesNotMatch, 400},
		{"host changed", func(r *http.Request) ([]byte, time.Time) { r.Host = "127.0.0.1:9998"; return body, t0 },
			fcspec.CodeSignatureDoesNotMatch, 400},
		{"signed header changed", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set("x-acs-action", "DeleteFunction")
			return body, t0
		},
			fcspec.CodeSignatureDoesNotMatch, 400},
		{"date changed by a second", func(r *http.Request) ([]byte, time.Time) {
			r.Header.Set("x-acs-date", t0.Add(time.Second).Format(fcauth.ACS3DateFormat))
			return body, t0
		}, fcspec.CodeSignatureDoesNotMatch, 400},
		{"body hash header changed with the body", func(r *http.Request) ([]byte, time.Time) {
			b := []byte(`{"description":"y"}`)
			r.Header.Set("x-acs-content-sha256", sha256Hex(b))
			return b, t0
		}, fcspec.CodeSignatureDoesNotMatch, 400},
		{"body changed", func(r *http.Request) ([]byte, time.Time) { return []byte(`{"description":"y"}`), t0 },
			fcspec.CodeContentSHA256Mismatch, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fresh()
			b, now := tc.mutate(r)
			e := wantCode(t, fcauth.VerifyACS3(r, b, lookup, now), tc.code, tc.status)
			if e.ErrorType != "" {
				t.Errorf("control API refusal has ErrorType %q", e.ErrorType)
			}
		})
	}

	// With unescaped keys (as the SDK writes them) both queries would
	// canonicalize to "a=&b=x" and share a signature.
	t.Run("a query key holding = and & is not another query", func(t *testing.T) {
		r := signed(t, "GET", "/2023-03-30/functions?a=&b=x", nil, "n")
		if err := fcauth.VerifyACS3(r, nil, lookup, t0); err != nil {
			t.Fatal(err)
		}
		r.RequestURI = "/2023-03-30/functions?a%3D%26b=x"
		wantCode(t, fcauth.VerifyACS3(r, nil, lookup, t0), fcspec.CodeSignatureDoesNotMatch, 400)
	})
	t.Run("window edges are inclusive", func(t *testing.T) {
		for _, now := range []time.Time{t0.Add(fcauth.MaxSkew), t0.Add(-fcauth.MaxSkew)} {
			if err := fcauth.VerifyACS3(fresh(), body, lookup, now); err != nil {
				t.Errorf("now %s: %v", now, err)
			}
		}
	})
	t.Run("empty secret is no secret", func(t *testing.T) {
		empty := func(string) (string, bool) { return "", true }
		wantCode(t, fcauth.VerifyACS3(fresh(), body, empty, t0), fcspec.CodeAccessKeyNotFound, 404)
	})
	t.Run("mismatch message gives the string to sign", func(t *testing.T) {
		r := fresh()
		r.Method = "GET"
		e := wantCode(t, fcauth.VerifyACS3(r, body, lookup, t0), fcspec.CodeSignatureDoesNotMatch, 400)
		if !strings.Contains(e.Message, `ACS3-HMAC-SHA256\n`) {
			t.Errorf("message: %s", e.Message)
		}
	})
}

func TestVerifyACS3Nonces(t *testing.T) {
	body := []byte("{}")
	cache := fcauth.NewNonceCache(0)
	verify := func(r *http.Request, now time.Time) error {
		b := body
		if r.Method == "GET" {
			b = nil
		}
		return fcauth.VerifyACS3(r, b, lookup, now, fcauth.WithNonceCache(cache))
	}
	if err := verify(signed(t, "POST", "/2023-03-30/functions", body, "n-1"), t0); err != nil {
		t.Fatal(err)
	}
	wantCode(t, verify(signed(t, "POST", "/2023-03-30/functions", body, "n-1"), t0.Add(time.Minute)), fcspec.CodeNonceUsed, 400)
	// A different request with the same nonce is a replay too.
	wantCode(t, verify(signed(t, "GET", "/2023-03-30/functions", nil, "n-1"), t0), fcspec.CodeNonceUsed, 400)
	if err := verify(signed(t, "POST", "/2023-03-30/functions", body, "n-2"), t0); err != nil {
		t.Fatalf("a fresh nonce: %v", err)
	}

	// A refused request does not burn its nonce.
	bad := signed(t, "POST", "/2023-03-30/functions", body, "n-3")
	bad.Method = "PUT"
	wantCode(t, verify(bad, t0), fcspec.CodeSignatureDoesNotMatch, 400)
	if err := verify(signed(t, "POST", "/2023-03-30/functions", body, "n-3"), t0); err != nil {
		t.Fatalf("nonce of a refused request: %v", err)
	}
	if cache.Len() != 3 {
		t.Fatalf("cache holds %d nonces, want 3", cache.Len())
	}
}

func TestSignACS3(t *testing.T) {
	t.Run("round trips", func(t *testing.T) {
		for _, method := range []string{"GET", "POST", "PUT", "DELETE"} {
			body := []byte(`{"m":"` + method + `"}`)
			if method == "GET" || method == "DELETE" {
				body = nil
			}
			r := signed(t, method, "/2023-03-30/functions/f%C3%BC?prefix=%E2%9C%93&limit=3", body, "")
			if err := fcauth.VerifyACS3(r, body, lookup, t0); err != nil {
				t.Errorf("%s: %v", method, err)
			}
		}
	})
	t.Run("sends the body it signed", func(t *testing.T) {
		r := clientRequest(t, "POST", "/x", []byte("stale"))
		if err := fcauth.SignACS3(r, []byte("fresh"), testCred, t0, "n"); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_, _ = b.ReadFrom(r.Body)
		if b.String() != "fresh" || r.ContentLength != 5 {
			t.Fatalf("body %q, length %d", b.String(), r.ContentLength)
		}
	})
	t.Run("random nonces", func(t *testing.T) {
		a, b := clientRequest(t, "GET", "/", nil), clientRequest(t, "GET", "/", nil)
		_ = fcauth.SignACS3(a, nil, testCred, t0, "")
		_ = fcauth.SignACS3(b, nil, testCred, t0, "")
		na, nb := a.Header.Get("x-acs-signature-nonce"), b.Header.Get("x-acs-signature-nonce")
		if len(na) != 32 || na == nb {
			t.Fatalf("nonces %q %q", na, nb)
		}
	})
	t.Run("a literal + in the path is sent as %2B", func(t *testing.T) {
		c := clientRequest(t, "GET", "/2023-03-30/functions/a+b", nil)
		if err := fcauth.SignACS3(c, nil, testCred, t0, "n"); err != nil {
			t.Fatal(err)
		}
		if got := c.URL.RequestURI(); got != "/2023-03-30/functions/a%2Bb" {
			t.Fatalf("request URI %s", got)
		}
		if err := fcauth.VerifyACS3(asServer(t, c, nil), nil, lookup, t0); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("needs credentials", func(t *testing.T) {
		if fcauth.SignACS3(clientRequest(t, "GET", "/", nil), nil, fcauth.Credentials{AccessKeyID: "a"}, t0, "") == nil {
			t.Fatal("signed without a secret")
		}
	})
	t.Run("refuses a query it cannot sign", func(t *testing.T) {
		c := clientRequest(t, "GET", "/", nil)
		c.URL.RawQuery = "a=%zz"
		if fcauth.SignACS3(c, nil, testCred, t0, "") == nil {
			t.Fatal("signed an unparsable query")
		}
	})
}
