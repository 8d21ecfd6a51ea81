package fcauth_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// wire writes a client request as it goes on the wire.
func wire(tb testing.TB, r *http.Request) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := r.Write(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// seedRequests are valid requests in both schemes, for the fuzzers to mutate.
func seedRequests(tb testing.TB) (acs3, fc [][]byte) {
	for _, s := range []struct{ method, url, body string }{
		{"GET", "http://127.0.0.1:9000/2023-03-30/functions?prefix=a%20b&limit=10", ""},
		{"POST", "http://127.0.0.1:9000/2023-03-30/functions", `{"functionName":"f"}`},
		{"DELETE", "http://127.0.0.1:9000/2023-03-30/functions/f%2A/triggers/t~", ""},
	} {
		r, _ := http.NewRequest(s.method, s.url, strings.NewReader(s.body))
		r.Header.Set("x-acs-action", "Fuzz")
		if s.body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		if err := fcauth.SignACS3(r, []byte(s.body), testCred, t0, ""); err != nil {
			tb.Fatal(err)
		}
		acs3 = append(acs3, wire(tb, r))

		r, _ = http.NewRequest(s.method, s.url, strings.NewReader(s.body))
		r.Header.Set("X-Fc-Trace", "x")
		if err := fcauth.SignTrigger(r, testCred, t0); err != nil {
			tb.Fatal(err)
		}
		fc = append(fc, wire(tb, r))
	}
	return acs3, fc
}

func readRequest(raw []byte) (*http.Request, []byte, bool) {
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil, nil, false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return r, body, true
}

// checkRefusal holds every refusal to the package's promises: an *Error with
// a known status, a message, and no secret.
func checkRefusal(t *testing.T, err error, statuses ...int) *fcauth.Error {
	var e *fcauth.Error
	if !errors.As(err, &e) {
		t.Fatalf("refusal is %T, not *fcauth.Error: %v", err, err)
	}
	known := false
	for _, s := range statuses {
		known = known || e.Status == s
	}
	if !known || e.Code == "" || e.Message == "" {
		t.Fatalf("refusal %+v", e)
	}
	if strings.Contains(e.Error(), testSecret) {
		t.Fatalf("refusal leaks the secret: %s", e.Error())
	}
	return e
}

func FuzzParseAuthorization(f *testing.F) {
	acs3, fc := seedRequests(f)
	for _, raw := range append(acs3, fc...) {
		r, _, _ := readRequest(raw)
		f.Add(r.Header.Get("Authorization"))
	}
	for _, s := range []string{"", " ", "FC", "FC :", "FC a:", "ACS3-HMAC-SHA256 ", "ACS3-HMAC-SHA256 Credential=,SignedHeaders=,Signature=",
		"ACS3-HMAC-SHA256 Credential=a,Credential=b", "ACS3-HMAC-SM3 Credential=a", "Bearer x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		a, err := fcauth.ParseAuthorization(h)
		if err != nil {
			if e := checkRefusal(t, err, 400); e.Code != fcspec.CodeIncompleteSignature {
				t.Fatalf("code %s", e.Code)
			}
			return
		}
		var again string
		switch a.Scheme {
		case fcauth.AlgorithmACS3:
			for i, n := range a.SignedHeaders {
				if n == "" || n != strings.ToLower(n) || (i > 0 && a.SignedHeaders[i-1] >= n) {
					t.Fatalf("SignedHeaders %q", a.SignedHeaders)
				}
			}
			again = fmt.Sprintf("%s Credential=%s,SignedHeaders=%s,Signature=%s", a.Scheme, a.AccessKeyID, strings.Join(a.SignedHeaders, ";"), a.Signature)
		case fcauth.SchemeFC:
			again = fmt.Sprintf("FC %s:%s", a.AccessKeyID, a.Signature)
		default:
			t.Fatalf("scheme %q", a.Scheme)
		}
		b, err := fcauth.ParseAuthorization(again)
		if err != nil || !reflect.DeepEqual(a, b) {
			t.Fatalf("%q parsed to %+v, which formats to %q and parses to %+v, %v", h, a, again, b, err)
		}
	})
}

// FuzzVerifyACS3 never panics, refuses with *Error only, and an accepted
// request replayed is always refused.
func FuzzVerifyACS3(f *testing.F) {
	acs3, fc := seedRequests(f)
	for _, raw := range append(acs3, fc...) {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, body, ok := readRequest(raw)
		if !ok {
			return
		}
		cache := fcauth.NewNonceCache(0)
		err := fcauth.VerifyACS3(r, body, lookup, t0, fcauth.WithNonceCache(cache))
		if err != nil {
			checkRefusal(t, err, 400, 404, 429)
			return
		}
		if e := checkRefusal(t, fcauth.VerifyACS3(r, body, lookup, t0, fcauth.WithNonceCache(cache)), 400); e.Code != fcspec.CodeNonceUsed {
			t.Fatalf("replay refused with %s", e.Code)
		}
	})
}

// FuzzVerifyTrigger never panics and refuses only with FcCommonError.
func FuzzVerifyTrigger(f *testing.F) {
	acs3, fc := seedRequests(f)
	for _, raw := range append(fc, acs3...) {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, _, ok := readRequest(raw)
		if !ok {
			return
		}
		if err := fcauth.VerifyTrigger(r, lookup, t0, fc2); err != nil {
			if e := checkRefusal(t, err, 400, 403, 429); e.ErrorType != fcspec.ErrorTypeCommon {
				t.Fatalf("ErrorType %q", e.ErrorType)
			}
		}
	})
}

// TestFuzzSeedsVerify keeps the fuzzers honest: they start from requests
// that verify, so mutations explore the paths past every check.
func TestFuzzSeedsVerify(t *testing.T) {
	acs3, fc := seedRequests(t)
	for _, raw := range acs3 {
		r, body, _ := readRequest(raw)
		if err := fcauth.VerifyACS3(r, body, lookup, t0); err != nil {
			t.Errorf("ACS3 seed: %v", err)
		}
		r, _, _ = readRequest(raw)
		if err := fcauth.VerifyTrigger(r, lookup, t0); err != nil {
			t.Errorf("ACS3 seed as a trigger request: %v", err)
		}
	}
	for _, raw := range fc {
		r, _, _ := readRequest(raw)
		if err := fcauth.VerifyTrigger(r, lookup, t0, fc2); err != nil {
			t.Errorf("FC seed: %v", err)
		}
	}
}
