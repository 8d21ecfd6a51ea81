package dataplane

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// conn opens a TCP connection to the trigger at url, closed at cleanup.
func (e *env) conn(url string) net.Conn {
	e.t.Helper()
	c, err := net.DialTimeout("tcp", strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/"), waitLimit)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { c.Close() })
	return c
}

// answer sends raw on c (while reading: the gateway may answer before it
// read everything) and reads the answer, which must come within waitLimit.
func (e *env) answer(c net.Conn, raw string) refusal {
	e.t.Helper()
	_ = c.SetDeadline(time.Now().Add(waitLimit))
	go io.WriteString(c, raw)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		e.t.Fatalf("no answer: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := decodeRefusal(e.t, resp.StatusCode, resp.Header, string(b))
	if resp.Header.Get(headerRequestID) == "" {
		e.t.Errorf("the %d answer carries no %s", resp.StatusCode, headerRequestID)
	}
	return r
}

func (e *env) expect(r refusal, status int, code fcspec.Code) {
	e.t.Helper()
	if r.status != status || r.errorType != string(fcspec.ErrorTypeCommon) || r.body.ErrorCode != string(code) {
		e.t.Fatalf("answer %d %s %s (%s), want %d %s %s", r.status, r.errorType, r.body.ErrorCode, r.body.ErrorMessage, status, fcspec.ErrorTypeCommon, code)
	}
}

// waitHeld waits until g holds n: the plane counts asynchronously (at
// accept, at close) and reports it nowhere else.
func (e *env) waitHeld(g *gauge, n int64) {
	e.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for g.n.Load() != n {
		if time.Now().After(deadline) {
			e.t.Fatalf("the plane holds %d, want %d", g.n.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// Header blocks over FC's limit get FC's 400 with a request id at every
// size, including past MaxHeaderBytes, where Go's server would answer its
// own 431.
func TestHeaderBlocksOverTheLimit(t *testing.T) {
	e := newEnv(t)
	e.function("fn", nil)
	url := e.trigger("fn", nil)
	for _, size := range []int{5 << 10, 70 << 10, 2 << 20} {
		raw := "GET /id HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("a", size) + "\r\n\r\n"
		r := e.answer(e.conn(url), raw)
		e.expect(r, http.StatusBadRequest, fcspec.CodeInvalidArgument)
		if !strings.Contains(r.body.ErrorMessage, "headers") {
			t.Errorf("%d bytes of headers: message %q does not name the headers", size, r.body.ErrorMessage)
		}
	}
}

// Connections beyond a trigger's cap, or the plane's, are answered 503 and
// closed at accept; WebSocket tunnels count; places come back on close.
func TestConnectionCaps(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Limits.MaxConnections, c.Limits.MaxTriggerConnections = 6, 4 })
	e.function("fn", nil)
	a := e.trigger("fn", nil)
	b := e.trigger("fn", func(tr *Trigger) { tr.URLID, tr.Name = "b-url", "b" })

	ws := mustDial(t, a)
	echo(t, ws, "a tunnel holds a place")
	for range 3 {
		e.conn(a) // half-open: never sends a byte
	}
	e.waitHeld(&e.p.conns, 4)
	r := e.answer(e.conn(a), "")
	e.expect(r, http.StatusServiceUnavailable, fcspec.CodeResourceThrottled)
	if !strings.Contains(r.body.ErrorMessage, "trigger") {
		t.Errorf("refusal at the trigger's cap: %q does not say so", r.body.ErrorMessage)
	}
	e.conn(b)
	e.conn(b)
	e.waitHeld(&e.p.conns, 6)
	e.expect(e.answer(e.conn(b), ""), http.StatusServiceUnavailable, fcspec.CodeResourceThrottled)

	ws.CloseNow()
	e.waitHeld(&e.p.conns, 5)
	if code, _, body := e.get(b + "id"); code != http.StatusOK {
		t.Fatalf("after a tunnel closed: %d %s, want the function's 200", code, body)
	}
}

// A connection that arrives when the caps are nearly reached gets seconds,
// not readHeaderTimeout, to send its headers.
func TestHalfOpenReapedNearTheCap(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Limits.MaxConnections = 4 })
	e.function("fn", nil)
	url := e.trigger("fn", nil)
	var last net.Conn
	for i := range 4 {
		last = e.conn(url)
		e.waitHeld(&e.p.conns, int64(i+1))
	}
	// The fourth was read with the pressed timeout: it ends well before
	// readHeaderTimeout (waitLimit is half of it).
	_ = last.SetReadDeadline(time.Now().Add(waitLimit))
	if _, err := last.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("a half-open connection at the cap: %v, want the gateway to close it within %s", err, waitLimit)
	}
	e.waitHeld(&e.p.conns, 3)
}

// A chunked body is taken whole within the caps: small ones in memory,
// larger ones through a spool file; past a cap the answer is 503, and a
// body that stalls ends at BodyTimeout with 400.
func TestChunkedBodiesBounded(t *testing.T) {
	spool := t.TempDir()
	e := newEnv(t, func(c *Config) {
		c.Limits.BodyMemory, c.Limits.BodySpool = 2*bodyChunk, 1<<20
		c.Limits.BodyTimeout, c.Limits.SpoolDir = 2*time.Second, spool
	})
	e.function("fn", nil)
	url := e.trigger("fn", nil)
	post := func(body []byte) (int, http.Header, string) {
		req := mustRequest(t, "POST", url+"echo", io.NopCloser(bytes.NewReader(body)))
		req.ContentLength = -1 // chunked
		return e.do(req)
	}
	// (The test function's echo stops at 512 bytes: Go's server drops the
	// rest of a body once it answers; TestTakeBody checks every byte.)
	for _, n := range []int{500, bodyChunk, 3*bodyChunk + 7} {
		body := bytes.Repeat([]byte("0123456789abcdef"), n/16+1)[:n]
		if code, _, got := post(body); code != http.StatusOK || !strings.HasPrefix(string(body), got) || len(got) < min(n, 512) {
			t.Fatalf("a chunked body of %d bytes: %d, %d bytes echoed", n, code, len(got))
		}
	}
	head := "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
	big := head + "200000\r\n" + strings.Repeat("a", 2<<20) + "\r\n0\r\n\r\n"
	e.expect(e.answer(e.conn(url), big), http.StatusServiceUnavailable, fcspec.CodeResourceThrottled)

	// Two stalled bodies hold the memory cap; a third is refused, then the
	// two end at the deadline.
	head += "5\r\nhello\r\n"
	stalled := []net.Conn{e.conn(url), e.conn(url)}
	for _, c := range stalled {
		if _, err := io.WriteString(c, head); err != nil {
			t.Fatal(err)
		}
	}
	e.waitHeld(&e.p.bodies.mem, 2*bodyChunk)
	e.expect(e.answer(e.conn(url), head), http.StatusServiceUnavailable, fcspec.CodeResourceThrottled)
	for _, c := range stalled {
		r := e.answer(c, "")
		e.expect(r, http.StatusBadRequest, fcspec.CodeInvalidArgument)
		if !strings.Contains(r.body.ErrorMessage, "within 2s") {
			t.Errorf("a stalled body: %q does not name the deadline", r.body.ErrorMessage)
		}
	}
	e.waitHeld(&e.p.bodies.mem, 0)
	e.waitHeld(&e.p.bodies.spool, 0)
	if left, _ := os.ReadDir(spool); len(left) != 0 {
		t.Errorf("spool files left behind: %v", left)
	}
}

func TestConnCap(t *testing.T) {
	for _, c := range []struct{ limit, want int }{
		{0, connsUnknownFDs},
		{1024, 256},   // the reserve is at least 512
		{20000, 9500}, // 5% reserved
		{100, 25},     // at most half reserved
		{1 << 20, 498074},
	} {
		if got := connCap(c.limit); got != c.want {
			t.Errorf("connCap(%d) = %d, want %d", c.limit, got, c.want)
		}
	}
}

// takeBody gives the function every byte of a body without a length, from
// memory or from its spool file, up to FC's 32 MB exactly.
func TestTakeBody(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Limits.SpoolDir = t.TempDir() })
	for _, n := range []int{0, 1000, bodyChunk, bodyChunk + 1, 3*bodyChunk + 7, maxBody + 1} {
		body := bytes.Repeat([]byte("a body that is not all zeros "), n/29+1)[:n]
		ctx, cancel := context.WithCancel(context.Background())
		r := httptest.NewRequest("POST", "/", io.NopCloser(bytes.NewReader(body))).WithContext(ctx)
		r.ContentLength = -1
		fl := e.p.takeBody(r)
		if n > maxBody {
			if fl == nil || fl.Code != fcspec.CodeEntityTooLarge {
				t.Errorf("%d bytes: %v, want %s", n, fl, fcspec.CodeEntityTooLarge)
			}
			cancel()
			continue
		}
		if fl != nil {
			t.Fatalf("%d bytes: %v", n, fl)
		}
		got, err := io.ReadAll(r.Body)
		if err != nil || r.ContentLength != int64(n) || !bytes.Equal(got, body) {
			t.Errorf("%d bytes: read %d (Content-Length %d), %v; want every byte", n, len(got), r.ContentLength, err)
		}
		cancel() // the request ends
		e.waitHeld(&e.p.bodies.mem, 0)
		e.waitHeld(&e.p.bodies.spool, 0)
	}
}

// A tunnel's bytes pass as they are, even when an instance sends exactly
// what Go's server writes for an oversized header block, which capConn
// rewrites on a connection that is not yet a tunnel.
func TestTunnelBytesNeverRewritten(t *testing.T) {
	user, gw := tcpPair(t)
	c := &capConn{TCPConn: gw}
	c.tunnel.Store(true)
	if _, err := c.Write([]byte(goHeaderTooLarge)); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(goHeaderTooLarge))
	if _, err := io.ReadFull(user, got); err != nil {
		t.Fatal(err)
	}
	if string(got) != goHeaderTooLarge {
		t.Fatalf("the tunnel carried %q, want the instance's bytes unchanged", got)
	}
}
