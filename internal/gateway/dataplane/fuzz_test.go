package dataplane

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// FuzzRequestChecks feeds arbitrary methods, targets, headers and bodies
// through FC's checks. The function behind the triggers is throttled
// (reserved concurrency 0), so every request ends in one of the gateway's
// own answers, without starting a process: each must be a well-formed FC
// error, whatever the input.
func FuzzRequestChecks(f *testing.F) {
	cred := fcauth.Credentials{AccessKeyID: "LTAI5tFuzzKey0000001", AccessKeySecret: "fuzz-secret"}
	p, err := New(Config{
		Lookup: func(id string) (string, bool) { return cred.AccessKeySecret, id == cred.AccessKeyID },
		Fault:  Fault{Rate: 0.1, Status: 503, Seed: 1},
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = p.Close(context.Background()) })
	if err := p.SetFunction(FunctionSpec{Name: "fn", CodeDir: f.TempDir(), ReservedConcurrency: intPtr(0)}, time.Time{}); err != nil {
		f.Fatal(err)
	}
	var triggers []*trigger
	for i, tr := range []Trigger{
		{Name: "anon", Methods: []string{"GET", "POST"}, AuthType: "anonymous"},
		{Name: "signed", Methods: []string{"GET", "POST", "PUT"}, AuthType: "function"},
		{Name: "post", Methods: []string{"POST"}, AuthType: "anonymous"},
		{Name: "closed", Methods: []string{"GET"}, AuthType: "anonymous", DisableURLInternet: true},
		{Name: "jwt", Methods: []string{"GET"}, AuthType: "jwt"},
		{Name: "later", Methods: []string{"GET"}, AuthType: "anonymous"},
	} {
		tr.URLID, tr.Function = "u"+itoa(i), "fn"
		at := time.Time{}
		if tr.Name == "later" {
			at = time.Now().Add(time.Hour)
		}
		if _, err := p.SetTrigger(tr, at); err != nil {
			f.Fatal(err)
		}
		triggers = append(triggers, p.triggers[tr.URLID])
	}

	f.Add(uint8(0), "GET", "/", "Connection: Upgrade\r\nUpgrade: websocket", "")
	f.Add(uint8(1), "GET", "/ws?a=1", "Date: Mon, 02 Jan 2006 15:04:05 GMT\r\nAuthorization: FC LTAI5tFuzzKey0000001:abc", "")
	f.Add(uint8(1), "PUT", "/x", "x-acs-date: 2006-01-02T15:04:05Z\r\nAuthorization: ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=00", "body")
	f.Add(uint8(2), "DELETE", "/%zz", "X-Fc-Function-Name: x", "")
	f.Add(uint8(3), "GET", "//a/../b?c=%00", "Transfer-Encoding: chunked", "5\r\nhello\r\n0\r\n\r\n")
	f.Add(uint8(5), "OPTIONS", "*", "", "")
	f.Add(uint8(0), "POST", "/", "Content-Length: 40000000", "")
	f.Fuzz(func(t *testing.T, which uint8, method, target, headers, body string) {
		raw := method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n\r\n" + body
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return // Go's server answers 400 itself before any check
		}
		r.RemoteAddr = "127.0.0.1:1"
		w := httptest.NewRecorder()
		triggers[int(which)%len(triggers)].ServeHTTP(w, r)

		switch w.Code {
		case 400, 403, 404, 429, 501, 503:
		default:
			t.Fatalf("%q answered %d, not one of FC's refusals", raw, w.Code)
		}
		if typ := w.Header().Get(fcspec.HeaderErrorType); typ != string(fcspec.ErrorTypeCommon) {
			t.Fatalf("%q answered %d with X-Fc-Error-Type %q", raw, w.Code, typ)
		}
		if w.Header().Get(headerRequestID) == "" {
			t.Fatalf("%q answered without x-fc-request-id", raw)
		}
		var b errorBody
		if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil || b.ErrorCode == "" || b.ErrorMessage == "" {
			t.Fatalf("%q answered %d with body %q (%v), not FC's JSON", raw, w.Code, w.Body.String(), err)
		}
	})
}
