package dataplane

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// smuggled is a request hidden in a body: if the function's server reads it
// as a request of its own, it skipped every check of the gateway and its
// x-fc-* headers are the client's forgeries.
const smuggled = "GET /smuggled HTTP/1.1\r\nHost: fn\r\nX-Fc-Request-Id: forged-id\r\nX-Fc-Function-Name: forged\r\n\r\n"

// handshake is a WebSocket handshake to target, without its final CRLF.
func handshake(host, target string) string {
	return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
}

func chunked(body string) string { return fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(body), body) }

// TestUpgradeBodyIsNotSmuggled sends the smuggling shapes raw over TCP to a
// trigger whose function is a keep-alive server that logs every connection
// and request it reads. An upgrade with a body is refused with FC's 400
// before it reaches the function (the function refuses the handshake, so a
// keep-alive server would read a forwarded body as its next request); plain
// requests with conflicting or folded framing reach the function as exactly
// one request, re-framed by the gateway. Either way the function sees no
// request but the gateway's, with the gateway's x-fc-request-id.
func TestUpgradeBodyIsNotSmuggled(t *testing.T) {
	cases := []struct {
		name    string
		request func(host string) string
		refused bool // with 400 InvalidArgument; else the function answers
	}{
		{"upgrade-chunked", func(h string) string {
			return handshake(h, "/ws?refuse=1") + "Transfer-Encoding: chunked\r\n\r\n" + chunked(smuggled)
		}, true},
		{"upgrade-chunked-and-length", func(h string) string {
			return handshake(h, "/ws?refuse=1") + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(smuggled)
		}, true},
		{"upgrade-empty-chunked", func(h string) string {
			return handshake(h, "/ws?refuse=1") + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
		}, true},
		{"upgrade-length", func(h string) string {
			return handshake(h, "/ws?refuse=1") + fmt.Sprintf("Content-Length: %d\r\n\r\n", len(smuggled)) + smuggled
		}, true},
		// The plain proxy re-frames every body it forwards: these guard it.
		{"plain-chunked-and-length", func(h string) string {
			return "POST /echo HTTP/1.1\r\nHost: " + h + "\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(smuggled)
		}, false},
		{"plain-folded-header", func(h string) string {
			return "GET /headers HTTP/1.1\r\nHost: " + h + "\r\nX-Note: a\r\n X-Fc-Request-Id: forged-id\r\n\r\n"
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.function("fn", func(s *FunctionSpec) { s.Args = []string{"-log-requests"} })
			u, err := url.Parse(e.trigger("fn", nil))
			if err != nil {
				t.Fatal(err)
			}
			resp, body := rawExchange(t, u.Host, c.request(u.Host))
			id := resp.Header.Get(headerRequestID)
			if id == "" {
				t.Fatalf("answer %s without %s", resp.Status, headerRequestID)
			}
			if c.refused {
				if resp.StatusCode != http.StatusBadRequest || resp.Header.Get(fcspec.HeaderErrorType) != string(fcspec.ErrorTypeCommon) || !strings.Contains(body, string(fcspec.CodeInvalidArgument)) {
					t.Errorf("answer %s %s %.300q, want 400 %s %s", resp.Status, resp.Header.Get(fcspec.HeaderErrorType), body, fcspec.ErrorTypeCommon, fcspec.CodeInvalidArgument)
				}
				// The same handshake without a body, through the gateway: its
				// request is the only one the function may see.
				resp, _ = rawExchange(t, u.Host, handshake(u.Host, "/ws?refuse=1")+"\r\n")
				if id = resp.Header.Get(headerRequestID); resp.StatusCode != http.StatusForbidden || id == "" {
					t.Fatalf("a handshake without a body got %s (request id %q), want the function's 403", resp.Status, id)
				}
			} else if resp.StatusCode != http.StatusOK {
				t.Fatalf("answer %s %.300q, want the function's 200", resp.Status, body)
			}

			reqs := e.functionRequests(t, id)
			if len(reqs) != 1 || !strings.Contains(reqs[0], `"X-Fc-Request-Id":["`+id+`"]`) {
				t.Errorf("the function saw %d requests %q, want exactly one, with the gateway's request id %s", len(reqs), reqs, id)
			}
			for _, r := range reqs {
				if strings.Contains(r, "forged") || strings.Contains(r, "/smuggled") {
					t.Errorf("the function saw a smuggled request or forged header: %s", r)
				}
			}
		})
	}
}

// rawExchange writes raw to addr on a new connection and reads one answer.
func rawExchange(t *testing.T, addr, raw string) (*http.Response, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, waitLimit)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(waitLimit))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer's body: %v", err)
	}
	return resp, string(b)
}

// functionRequests returns the requests a -log-requests function read,
// once it read the one with request id and every connection it accepted
// has ended: a request hidden in another one's body is read on that
// connection before it closes. The plane's
// proxy keeps connections to instances open for reuse; they are closed
// again until the function reports them closed (the proxy gives one back
// to its pool only after the client already has the answer).
func (e *env) functionRequests(t *testing.T, id string) []string {
	t.Helper()
	var reqs []string
	open := map[string]bool{}
	seen := false // the request with id
	deadline := time.After(waitLimit)
	for !seen || len(open) > 0 {
		e.p.proxyTransport().CloseIdleConnections()
		select {
		case l := <-e.lines:
			f := strings.Fields(l)
			switch {
			case len(f) == 3 && f[0] == "conn" && f[1] == "new":
				open[f[2]] = true
			case len(f) == 3 && f[0] == "conn":
				delete(open, f[2])
			case len(f) > 0 && f[0] == "request":
				reqs = append(reqs, l)
				seen = seen || strings.Contains(l, `"X-Fc-Request-Id":["`+id+`"]`)
			}
		case <-time.After(100 * time.Millisecond):
			// Close the proxy's idle connections again (see above).
		case <-deadline:
			t.Fatalf("the function did not read request %s and end its connections %v within %s (requests so far %q)", id, open, waitLimit, reqs)
		}
	}
	return reqs
}
