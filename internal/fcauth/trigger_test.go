package fcauth_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
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

// fcSignature is the FC scheme written out independently of the package:
// base64(HMAC-SHA256(secret, StringToSign)).
func fcSignature(secret, stringToSign string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// fc2 lets VerifyTrigger accept FC 2.0's scheme, which these tests sign.
var fc2 = fcauth.WithFC2Signatures()

// triggerRequest is a request to a trigger URL as a server sees it.
func triggerRequest(method, target string, body []byte) *http.Request {
	r := httptest.NewRequest(method, "http://abc.cn-hangzhou.fcapp.run"+target, bytes.NewReader(body))
	if body == nil {
		r.Body = http.NoBody
	}
	return r
}

func signTrigger(t *testing.T, r *http.Request, now time.Time) *http.Request {
	t.Helper()
	if err := fcauth.SignTrigger(r, testCred, now); err != nil {
		t.Fatal(err)
	}
	return r
}

func wantTriggerCode(t *testing.T, err error, code fcspec.Code, status int) {
	t.Helper()
	e := wantCode(t, err, code, status)
	if e.ErrorType != fcspec.ErrorTypeCommon {
		t.Fatalf("ErrorType %q, want %s", e.ErrorType, fcspec.ErrorTypeCommon)
	}
}

// TestSignTriggerKnownAnswer pins the string to sign of the FC scheme as
// FC-REFERENCE.md section 2 and fc-go-sdk describe it.
func TestSignTriggerKnownAnswer(t *testing.T) {
	r := triggerRequest("POST", "/ws/chat%20room?b=2&a=1&a=0&empty=&k=%C3%BC", []byte("hi"))
	r.Header.Set("Content-Type", "text/plain")
	r.Header.Set("Content-MD5", "abc")
	r.Header.Set("X-Fc-Trace", " t1 ")
	r.Header.Set("x-fc-b", "2")
	r.Header.Set("X-Other", "not signed")
	signTrigger(t, r, t0)

	want := "POST\nabc\ntext/plain\nMon, 30 Mar 2026 12:00:00 GMT\n" +
		"x-fc-b:2\nx-fc-trace:t1\n" +
		"/ws/chat room\na=0\na=1\nb=2\nempty=\nk=ü"
	if got := r.Header.Get("Authorization"); got != "FC "+testAK+":"+fcSignature(testSecret, want) {
		t.Fatalf("Authorization %s", got)
	}
	if r.Header.Get("Date") != "Mon, 30 Mar 2026 12:00:00 GMT" {
		t.Fatalf("Date %s", r.Header.Get("Date"))
	}
	if err := fcauth.VerifyTrigger(r, lookup, t0, fc2); err != nil {
		t.Fatal(err)
	}
}

func TestTriggerRoundTrips(t *testing.T) {
	ws := triggerRequest("GET", "/chat?room=a%2Fb", nil)
	for k, v := range map[string]string{"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="} {
		ws.Header.Set(k, v)
	}
	sts := triggerRequest("PUT", "/", []byte("x"))
	if err := fcauth.SignTrigger(sts, fcauth.Credentials{AccessKeyID: testAK, AccessKeySecret: testSecret, SecurityToken: "tok"}, t0); err != nil {
		t.Fatal(err)
	}
	if sts.Header.Get("X-Fc-Security-Token") != "tok" {
		t.Fatal("STS token not sent")
	}
	for name, r := range map[string]*http.Request{
		"websocket upgrade": signTrigger(t, ws, t0),
		"empty path":        signTrigger(t, triggerRequest("GET", "", nil), t0),
		"post with body":    signTrigger(t, triggerRequest("POST", "/api", []byte(`{"a":1}`)), t0),
		"sts token":         sts,
	} {
		if err := fcauth.VerifyTrigger(r, lookup, t0.Add(time.Minute), fc2); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestTriggerDateFormats accepts each of net/http's three date formats, as
// long as the Date signed is the Date sent.
func TestTriggerDateFormats(t *testing.T) {
	for _, layout := range []string{http.TimeFormat, "Monday, 02-Jan-06 15:04:05 GMT", time.ANSIC} {
		date := t0.Format(layout)
		r := triggerRequest("GET", "/p", nil)
		r.Header.Set("Date", date)
		r.Header.Set("Authorization", "FC "+testAK+":"+fcSignature(testSecret, "GET\n\n\n"+date+"\n/p\n"))
		if err := fcauth.VerifyTrigger(r, lookup, t0, fc2); err != nil {
			t.Errorf("%s: %v", date, err)
		}
	}
	r := triggerRequest("GET", "/p", nil)
	date := t0.Format(time.RFC1123Z)
	r.Header.Set("Date", date)
	r.Header.Set("Authorization", "FC "+testAK+":"+fcSignature(testSecret, "GET\n\n\n"+date+"\n/p\n"))
	wantTriggerCode(t, fcauth.VerifyTrigger(r, lookup, t0, fc2), fcspec.CodeInvalidArgument, 400)
}

func TestVerifyTriggerRefusals(t *testing.T) {
	fresh := func() *http.Request {
		r := triggerRequest("GET", "/chat?room=1", nil)
		r.Header.Set("X-Fc-Trace", "t")
		return signTrigger(t, r, t0)
	}
	for _, tc := range []struct {
		name   string
		mutate func(r *http.Request) time.Time
		code   fcspec.Code
		status int
	}{
		{"no Authorization", func(r *http.Request) time.Time { r.Header.Del("Authorization"); return t0 }, fcspec.CodeMissingRequiredHeader, 400},
		{"empty Authorization", func(r *http.Request) time.Time { r.Header.Set("Authorization", ""); return t0 }, fcspec.CodeMissingRequiredHeader, 400},
		{"no Date", func(r *http.Request) time.Time { r.Header.Del("Date"); return t0 }, fcspec.CodeMissingRequiredHeader, 400},
		{"two Authorization headers", func(r *http.Request) time.Time {
			r.Header.Add("Authorization", r.Header.Get("Authorization"))
			return t0
		}, fcspec.CodeSignatureNotMatch, 403},
		{"other scheme", func(r *http.Request) time.Time { r.Header.Set("Authorization", "Bearer abc"); return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"malformed FC", func(r *http.Request) time.Time { r.Header.Set("Authorization", "FC "+testAK); return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"unknown access key", func(r *http.Request) time.Time {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), testAK, "LTAIother", 1))
			return t0
		}, fcspec.CodeInvalidAccessKeyID, 403},
		{"Date 15m1s old", func(r *http.Request) time.Time { return t0.Add(15*time.Minute + time.Second) }, fcspec.CodeRequestTimeTooSkewed, 403},
		{"Date 15m1s ahead", func(r *http.Request) time.Time { return t0.Add(-15*time.Minute - time.Second) }, fcspec.CodeRequestTimeTooSkewed, 403},
		{"Date not a date", func(r *http.Request) time.Time { r.Header.Set("Date", "yesterday"); return t0 }, fcspec.CodeInvalidArgument, 400},
		{"Date changed", func(r *http.Request) time.Time {
			r.Header.Set("Date", t0.Add(time.Second).Format(http.TimeFormat))
			return t0
		}, fcspec.CodeSignatureNotMatch, 403},
		{"two Dates", func(r *http.Request) time.Time { r.Header.Add("Date", r.Header.Get("Date")); return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"wrong signature", func(r *http.Request) time.Time {
			r.Header.Set("Authorization", "FC "+testAK+":"+fcSignature("wrong", "x"))
			return t0
		}, fcspec.CodeSignatureNotMatch, 403},
		{"method changed", func(r *http.Request) time.Time { r.Method = "POST"; return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"path changed", func(r *http.Request) time.Time { r.URL.Path = "/chaT"; return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"query changed", func(r *http.Request) time.Time { r.RequestURI = "/chat?room=2"; return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"query added", func(r *http.Request) time.Time { r.RequestURI = "/chat?room=1&x"; return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"x-fc header changed", func(r *http.Request) time.Time { r.Header.Set("X-Fc-Trace", "u"); return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"x-fc header added", func(r *http.Request) time.Time { r.Header.Set("X-Fc-Qualifier", "LATEST"); return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"x-fc header repeated", func(r *http.Request) time.Time { r.Header.Add("X-Fc-Trace", "t"); return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"content-type added", func(r *http.Request) time.Time { r.Header.Set("Content-Type", "text/plain"); return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"content-md5 added", func(r *http.Request) time.Time { r.Header.Set("Content-MD5", "x"); return t0 }, fcspec.CodeSignatureNotMatch, 403},
		{"newline in path", func(r *http.Request) time.Time { r.URL.Path = "/chat\nroom=1"; return t0 }, fcspec.CodeInvalidArgument, 400},
		{"= in a query key", func(r *http.Request) time.Time { r.RequestURI = "/chat?room%3D1"; return t0 }, fcspec.CodeInvalidArgument, 400},
		{"newline in a query value", func(r *http.Request) time.Time { r.RequestURI = "/chat?room=1%0Ax=2"; return t0 }, fcspec.CodeInvalidArgument, 400},
		{"bad query escape", func(r *http.Request) time.Time { r.RequestURI = "/chat?room=%zz"; return t0 }, fcspec.CodeInvalidArgument, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fresh()
			now := tc.mutate(r)
			wantTriggerCode(t, fcauth.VerifyTrigger(r, lookup, now, fc2), tc.code, tc.status)
		})
	}
	t.Run("window edges are inclusive", func(t *testing.T) {
		for _, now := range []time.Time{t0.Add(fcauth.MaxSkew), t0.Add(-fcauth.MaxSkew)} {
			if err := fcauth.VerifyTrigger(fresh(), lookup, now, fc2); err != nil {
				t.Errorf("now %s: %v", now, err)
			}
		}
	})
}

// TestTriggerACS3 covers FC 3.0's ACS3 signatures on triggers.
func TestTriggerACS3(t *testing.T) {
	signed := func(method string, body []byte) *http.Request {
		c, _ := http.NewRequest(method, "http://abc.cn-hangzhou.fcapp.run/chat?room=1", nil)
		if err := fcauth.SignACS3(c, body, testCred, t0, ""); err != nil {
			t.Fatal(err)
		}
		s := triggerRequest(method, "/chat?room=1", body)
		s.Header = c.Header.Clone()
		return s
	}
	t.Run("verifies and leaves the body readable", func(t *testing.T) {
		if err := fcauth.VerifyTrigger(signed("GET", nil), lookup, t0); err != nil {
			t.Fatal(err)
		}
		r := signed("POST", []byte("payload"))
		if err := fcauth.VerifyTrigger(r, lookup, t0); err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(r.Body); string(b) != "payload" {
			t.Fatalf("body after verification: %q", b)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		r := signed("GET", nil)
		r.Header.Del("x-acs-date")
		wantTriggerCode(t, fcauth.VerifyTrigger(r, lookup, t0), fcspec.CodeMissingRequiredHeader, 400)

		wantTriggerCode(t, fcauth.VerifyTrigger(signed("GET", nil), lookup, t0.Add(16*time.Minute)), fcspec.CodeRequestTimeTooSkewed, 403)

		r = signed("GET", nil)
		r.Method = "DELETE"
		wantTriggerCode(t, fcauth.VerifyTrigger(r, lookup, t0), fcspec.CodeSignatureNotMatch, 403)

		r = signed("POST", []byte("payload"))
		r.Body = io.NopCloser(strings.NewReader("tampered"))
		wantTriggerCode(t, fcauth.VerifyTrigger(r, lookup, t0), fcspec.CodeContentSHA256Mismatch, 403)

		wantTriggerCode(t, fcauth.VerifyTrigger(signed("GET", nil), func(string) (string, bool) { return "", false }, t0),
			fcspec.CodeInvalidAccessKeyID, 403)

		r = signed("GET", nil)
		r.Header.Set("x-acs-extra", "unsigned")
		wantTriggerCode(t, fcauth.VerifyTrigger(r, lookup, t0), fcspec.CodeSignatureNotMatch, 403)
	})
	t.Run("replay with a nonce cache", func(t *testing.T) {
		cache := fcauth.NewNonceCache(0)
		r := signed("GET", nil)
		again := r.Clone(r.Context())
		if err := fcauth.VerifyTrigger(r, lookup, t0, fcauth.WithNonceCache(cache)); err != nil {
			t.Fatal(err)
		}
		wantTriggerCode(t, fcauth.VerifyTrigger(again, lookup, t0, fcauth.WithNonceCache(cache)), fcspec.CodeNonceUsed, 403)
	})
	t.Run("the body of a badly signed request is never read", func(t *testing.T) {
		r := signed("POST", []byte("payload"))
		r.Method = "PUT"
		spy := &readSpy{}
		r.Body = spy
		wantTriggerCode(t, fcauth.VerifyTrigger(r, lookup, t0), fcspec.CodeSignatureNotMatch, 403)
		if spy.reads != 0 {
			t.Fatalf("body read %d times before the signature was checked", spy.reads)
		}
	})
	t.Run("body over FC's limit", func(t *testing.T) {
		r := signed("POST", []byte("small"))
		r.Body = io.NopCloser(io.LimitReader(zeros{}, fcauth.MaxTriggerBody+1))
		wantTriggerCode(t, fcauth.VerifyTrigger(r, lookup, t0), fcspec.CodeEntityTooLarge, 400)
	})
	// FC's trigger documentation signs with openapi-util's GetAuthorization
	// over the headers the caller chose: here only x-acs-date, no host, no
	// nonce and no x-acs-content-sha256 header (the body hash is still signed).
	t.Run("signed as FC's trigger examples do", func(t *testing.T) {
		body := []byte(`{"hello":"world"}`)
		date := t0.Format(fcauth.ACS3DateFormat)
		req := dara.NewRequest()
		req.Method = dara.String("POST")
		req.Pathname = dara.String("/chat")
		req.Query = map[string]*string{"room": dara.String("1")}
		req.Headers = map[string]*string{"x-acs-date": dara.String(date)}
		auth := openapiutil.GetAuthorization(req, dara.String(fcauth.AlgorithmACS3), dara.String(sha256Hex(body)),
			dara.String(testAK), dara.String(testSecret))

		r := triggerRequest("POST", "/chat?room=1", body)
		r.Header.Set("x-acs-date", date)
		r.Header.Set("Authorization", dara.StringValue(auth))
		if err := fcauth.VerifyTrigger(r, lookup, t0); err != nil {
			t.Fatal(err)
		}
		r = triggerRequest("POST", "/chat?room=1", []byte(`{"hello":"World"}`))
		r.Header.Set("x-acs-date", date)
		r.Header.Set("Authorization", dara.StringValue(auth))
		wantTriggerCode(t, fcauth.VerifyTrigger(r, lookup, t0), fcspec.CodeSignatureNotMatch, 403)
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type readSpy struct{ reads int }

func (s *readSpy) Read([]byte) (int, error) { s.reads++; return 0, io.EOF }
func (s *readSpy) Close() error             { return nil }

// TestTriggerFC2SchemeRefusedByDefault: FC 3.0 documents only ACS3 for
// triggers, so FC 2.0's scheme is refused unless compatibility is asked for.
func TestTriggerFC2SchemeRefusedByDefault(t *testing.T) {
	r := signTrigger(t, triggerRequest("GET", "/chat", nil), t0)
	err := fcauth.VerifyTrigger(r, lookup, t0)
	wantTriggerCode(t, err, fcspec.CodeSignatureNotMatch, 403)
	if !errors.Is(err, fcauth.ErrFC2Scheme) || !strings.Contains(err.Error(), fcauth.AlgorithmACS3) {
		t.Fatalf("refusal %v: want ErrFC2Scheme, naming %s", err, fcauth.AlgorithmACS3)
	}
	if err := fcauth.VerifyTrigger(r, lookup, t0, fc2); err != nil {
		t.Fatalf("with WithFC2Signatures: %v", err)
	}
}

// TestSignTriggerACS3 signs trigger requests (a WebSocket handshake with no
// body, a POST whose body must still be sent, STS credentials) that
// VerifyTrigger accepts without the FC 2.0 switch, and whose changes it
// refuses.
func TestSignTriggerACS3(t *testing.T) {
	sign := func(method, url string, body io.Reader, cred fcauth.Credentials) *http.Request {
		c, err := http.NewRequest(method, url, body)
		if err != nil {
			t.Fatal(err)
		}
		c.Header.Set("Upgrade", "websocket")
		if err := fcauth.SignTriggerACS3(c, cred, t0); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(c.Header.Get("Authorization"), fcauth.AlgorithmACS3+" ") || c.Header.Get("x-acs-date") != t0.Format(fcauth.ACS3DateFormat) {
			t.Fatalf("headers %v", c.Header)
		}
		return c
	}
	// asReceived is c as a server sees it, c's body included.
	asReceived := func(c *http.Request) *http.Request {
		var buf bytes.Buffer
		if err := c.Write(&buf); err != nil {
			t.Fatal(err)
		}
		r, _, ok := readRequest(buf.Bytes())
		if !ok {
			t.Fatal("unreadable request")
		}
		return r
	}
	ws := sign("GET", "http://127.0.0.1:9000/chat?room=a%2Fb", nil, testCred)
	if ws.Header.Get("x-acs-content-sha256") != sha256Hex(nil) {
		t.Fatalf("x-acs-content-sha256 %q, want the hash of no body", ws.Header.Get("x-acs-content-sha256"))
	}
	if err := fcauth.VerifyTrigger(asReceived(ws), lookup, t0); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	post := sign("POST", "http://127.0.0.1:9000/api", strings.NewReader(`{"a":1}`), testCred)
	if b, _ := io.ReadAll(post.Body); string(b) != `{"a":1}` {
		t.Fatalf("body after signing %q", b)
	}
	post = sign("POST", "http://127.0.0.1:9000/api", strings.NewReader(`{"a":1}`), testCred)
	if err := fcauth.VerifyTrigger(asReceived(post), lookup, t0); err != nil {
		t.Fatalf("post: %v", err)
	}
	sts := sign("GET", "http://127.0.0.1:9000/", nil, fcauth.Credentials{AccessKeyID: testAK, AccessKeySecret: testSecret, SecurityToken: "tok"})
	if sts.Header.Get("x-acs-security-token") != "tok" {
		t.Fatal("STS token not sent")
	}
	if err := fcauth.VerifyTrigger(asReceived(sts), lookup, t0); err != nil {
		t.Fatalf("sts: %v", err)
	}
	moved := asReceived(sign("GET", "http://127.0.0.1:9000/chat", nil, testCred))
	moved.URL.Path, moved.RequestURI = "/chaT", "/chaT"
	wantTriggerCode(t, fcauth.VerifyTrigger(moved, lookup, t0), fcspec.CodeSignatureNotMatch, 403)
	if err := fcauth.SignTriggerACS3(ws, fcauth.Credentials{}, t0); err == nil {
		t.Fatal("signed without a key")
	}
}
