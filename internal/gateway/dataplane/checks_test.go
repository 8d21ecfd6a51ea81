package dataplane

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// rawGet sends request bytes as they are (no client normalises them) and
// returns the response.
func rawGet(t *testing.T, url, request string) (*http.Response, string) {
	t.Helper()
	host := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
	c, err := net.DialTimeout("tcp", host, waitLimit)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(waitLimit))
	if _, err := c.Write([]byte(strings.ReplaceAll(request, "HOST", host))); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = bufio.NewReader(resp.Body).WriteTo(&b)
	return resp, b.String()
}

func TestRefusals(t *testing.T) {
	e := newEnv(t)
	e.function("fn", nil)
	e.function("box", func(s *FunctionSpec) { s.Runtime = "custom-container" })
	e.function("py", func(s *FunctionSpec) { s.Runtime = "python3.10" })
	open := e.trigger("fn", nil)
	postOnly := e.trigger("fn", func(tr *Trigger) { tr.URLID, tr.Name, tr.Methods = "post-only", "post", []string{"POST"} })
	closed := e.trigger("fn", func(tr *Trigger) { tr.URLID, tr.Name, tr.DisableURLInternet = "closed", "closed", true })
	jwt := e.trigger("fn", func(tr *Trigger) { tr.URLID, tr.Name, tr.AuthType = "jwt", "jwt", "jwt" })
	box := e.trigger("box", nil)
	py := e.trigger("py", nil)

	t.Run("method without GET refuses a WebSocket with 403", func(t *testing.T) {
		_, resp, err := dial(t, postOnly, nil)
		if err == nil {
			t.Fatal("the handshake succeeded on a POST-only trigger")
		}
		r := expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 403, fcspec.ErrorTypeCommon, fcspec.CodeMethodNotAllowed)
		if !strings.Contains(r.body.ErrorMessage, "must allow GET") {
			t.Errorf("message %q does not say that a WebSocket needs GET", r.body.ErrorMessage)
		}
	})
	t.Run("method not listed", func(t *testing.T) {
		code, h, b := e.do(mustRequest(t, "DELETE", open, nil))
		expectRefusal(t, code, h, b, 403, fcspec.ErrorTypeCommon, fcspec.CodeMethodNotAllowed)
	})
	t.Run("disableURLInternet", func(t *testing.T) {
		code, h, b := e.get(closed)
		expectRefusal(t, code, h, b, 403, fcspec.ErrorTypeCommon, fcspec.CodeAccessDenied)
	})
	t.Run("jwt is not emulated", func(t *testing.T) {
		code, h, b := e.get(jwt)
		expectRefusal(t, code, h, b, 501, fcspec.ErrorTypeCommon, fcspec.CodeNotSupportedLocally)
	})
	t.Run("custom-container cannot run", func(t *testing.T) {
		code, h, b := e.get(box)
		r := expectRefusal(t, code, h, b, 501, fcspec.ErrorTypeCommon, fcspec.CodeNotSupportedLocally)
		if !strings.Contains(r.body.ErrorMessage, "container") {
			t.Errorf("message %q does not say that containers cannot run locally", r.body.ErrorMessage)
		}
	})
	t.Run("built-in runtime cannot hold a WebSocket", func(t *testing.T) {
		code, h, b := e.get(py)
		expectRefusal(t, code, h, b, 501, fcspec.ErrorTypeCommon, fcspec.CodeNotSupportedLocally)
	})
	t.Run("header block over 4 KB", func(t *testing.T) {
		req := mustRequest(t, "GET", open, nil)
		req.Header.Set("X-Big", strings.Repeat("a", 4100))
		code, h, b := e.do(req)
		expectRefusal(t, code, h, b, 400, fcspec.ErrorTypeCommon, fcspec.CodeInvalidArgument)
	})
	t.Run("path and query over 4 KB", func(t *testing.T) {
		code, h, b := e.get(open + "id?q=" + strings.Repeat("a", 4100))
		expectRefusal(t, code, h, b, 400, fcspec.ErrorTypeCommon, fcspec.CodeInvalidArgument)
	})
	t.Run("declared body over 32 MB", func(t *testing.T) {
		resp, b := rawGet(t, open, fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: HOST\r\nContent-Length: %d\r\n\r\n", 32<<20+1))
		expectRefusal(t, resp.StatusCode, resp.Header, b, 400, fcspec.ErrorTypeCommon, fcspec.CodeEntityTooLarge)
	})
	t.Run("streamed body over 32 MB", func(t *testing.T) {
		req := mustRequest(t, "POST", open+"echo", &zeros{n: 32<<20 + 1})
		req.ContentLength = -1 // chunked: only the stream shows the size
		code, h, b := e.do(req)
		expectRefusal(t, code, h, b, 400, fcspec.ErrorTypeCommon, fcspec.CodeEntityTooLarge)
	})
	t.Run("the function's own refusal passes", func(t *testing.T) {
		_, resp, err := dial(t, open+"?refuse=1", nil)
		if err == nil || resp == nil || resp.StatusCode != 403 || resp.Header.Get(fcspec.HeaderErrorType) != "" {
			t.Fatalf("handshake refused by the function: %v, %s; want its own 403 without X-Fc-Error-Type", err, status(resp))
		}
	})
}

// zeros is a body of n zero bytes that does not say its length.
type zeros struct{ n int }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), z.n)
	clear(p[:k])
	z.n -= k
	return k, nil
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	var b strings.Builder
	_, _ = bufio.NewReader(resp.Body).WriteTo(&b)
	return b.String()
}

// seenBy decodes what the test function reports it received.
type seenBy struct {
	URI     string      `json:"uri"`
	Host    string      `json:"host"`
	Headers http.Header `json:"headers"`
}

func TestRequestAsFunctionSeesIt(t *testing.T) {
	e := newEnv(t)
	e.function("fn", func(s *FunctionSpec) { s.MemoryMB = 1024 })
	url := e.trigger("fn", nil)
	host := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
	forged := "X-Fc-Function-Name: evil\r\nX-Fc-Access-Key-Id: stolen\r\nx-fc-custom: 1\r\nX-Fc-Request-Id: forged\r\n"

	check := func(t *testing.T, got seenBy, wantURI, requestID string) {
		t.Helper()
		if got.URI != wantURI {
			t.Errorf("the function saw target %q, want %q as sent", got.URI, wantURI)
		}
		if got.Host != host {
			t.Errorf("the function saw Host %q, want the trigger's %q", got.Host, host)
		}
		if xff := got.Headers.Get("X-Forwarded-For"); xff != "127.0.0.1" {
			t.Errorf("X-Forwarded-For %q, want the client's address", xff)
		}
		want := map[string]string{
			"X-Fc-Function-Name":   "fn",
			"X-Fc-Region":          DefaultRegion,
			"X-Fc-Account-Id":      DefaultAccountID,
			"X-Fc-Qualifier":       "LATEST",
			"X-Fc-Function-Memory": "1024",
		}
		for k, v := range want {
			if vs := got.Headers[k]; len(vs) != 1 || vs[0] != v {
				t.Errorf("header %s = %q, want %q", k, vs, v)
			}
		}
		if id := got.Headers.Get("X-Fc-Request-Id"); id == "" || id == "forged" || (requestID != "" && id != requestID) {
			t.Errorf("x-fc-request-id %q, want the gateway's own %q", id, requestID)
		}
		for _, k := range []string{"X-Fc-Access-Key-Id", "X-Fc-Custom", "X-Fc-Access-Key-Secret", "X-Fc-Security-Token"} {
			if v, ok := got.Headers[k]; ok {
				t.Errorf("the function received %s: %q; client x-fc-* headers must be stripped and no credentials passed", k, v)
			}
		}
	}

	t.Run("plain request", func(t *testing.T) {
		target := "/headers/a%2Fb//c?x=1&y=%2F&z"
		resp, b := rawGet(t, url, "GET "+target+" HTTP/1.1\r\nHost: HOST\r\n"+forged+"\r\n")
		var got seenBy
		if err := json.Unmarshal([]byte(b), &got); err != nil {
			t.Fatalf("%s: %.300q", resp.Status, b)
		}
		if ids := resp.Header.Values(headerRequestID); len(ids) != 1 {
			t.Errorf("the answer carries x-fc-request-id %q, want exactly one", ids)
		}
		check(t, got, target, resp.Header.Get(headerRequestID))
	})
	t.Run("WebSocket handshake", func(t *testing.T) {
		h := http.Header{}
		h.Set("X-Fc-Function-Name", "evil")
		h.Set("X-Fc-Access-Key-Id", "stolen")
		h.Set("X-Fc-Custom", "1")
		c, resp, err := dial(t, url+"ws/a%2Fb?headers=1&x=%20", h)
		if err != nil {
			t.Fatalf("dial: %v, %s", err, status(resp))
		}
		defer c.CloseNow()
		var got seenBy
		if err := json.Unmarshal([]byte(read(t, c)), &got); err != nil {
			t.Fatal(err)
		}
		check(t, got, "/ws/a%2Fb?headers=1&x=%20", resp.Header.Get(headerRequestID))
	})
}
