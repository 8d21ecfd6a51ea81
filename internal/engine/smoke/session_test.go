package smoke

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// serve runs handler on a loopback server and returns a target for it.
func serve(t *testing.T, handler func(*websocket.Conn, *http.Request)) Target {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		handler(c, r)
	}))
	t.Cleanup(srv.Close)
	return Target{Function: "fn", Trigger: "ws", URL: srv.URL + "/", AuthType: "anonymous", Smoke: defaultSmoke()}
}

// echoAll answers pings and echoes messages until the connection ends.
func echoAll(c *websocket.Conn, r *http.Request) {
	for {
		typ, data, err := c.Read(r.Context())
		if err != nil || c.Write(r.Context(), typ, data) != nil {
			return
		}
	}
}

// The WebSocket must behave once connected: pong in time, reply in time,
// stay open until the smoke test closes it. Messages sent before the smoke
// message are greetings, not the reply.
func TestSession(t *testing.T) {
	t.Parallel()
	short := Options{PingTimeout: 300 * time.Millisecond, ReplyTimeout: 300 * time.Millisecond}
	greet := func(c *websocket.Conn, r *http.Request) {
		if c.Write(r.Context(), websocket.MessageText, []byte("welcome")) == nil {
			echoAll(c, r)
		}
	}
	cases := []struct {
		name         string
		handler      func(*websocket.Conn, *http.Request)
		send, expect string
		outcome      Outcome
		fragments    []string
	}{
		{"greeting skipped", greet, "hi", "hi", OK, nil},
		{"greeting expected", greet, "", "welcome", OK, nil},
		{"no pong", func(c *websocket.Conn, r *http.Request) { <-r.Context().Done() }, "", "", Failed,
			[]string{"no pong within 300ms", "answer WebSocket pings"}},
		{"closed at once", func(c *websocket.Conn, r *http.Request) { c.Close(websocket.StatusInternalError, "boom") }, "", "", Failed,
			[]string{"the connection ended before the pong", "closed the connection with 1011", `"boom"`}},
		{"no reply", readOnly, "hi", "hi", Failed,
			[]string{`no reply within 300ms (expected "hi")`}},
		{"closed instead of replying", func(c *websocket.Conn, r *http.Request) {
			c.Read(r.Context())
			c.Close(websocket.StatusPolicyViolation, "go away")
		}, "hi", "hi", Failed, []string{"the connection ended before a reply", "1008"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			target := serve(t, c.handler)
			target.Smoke.Send, target.Smoke.Expect = c.send, c.expect
			r, _ := runOne(t, target, short)
			want(t, r, c.outcome, c.fragments...)
		})
	}
}

// readOnly answers pings but never replies.
func readOnly(c *websocket.Conn, r *http.Request) {
	for {
		if _, _, err := c.Read(r.Context()); err != nil {
			return
		}
	}
}

// The smoke test closes with 1000 when it is done.
func TestSessionClosesNormally(t *testing.T) {
	t.Parallel()
	closed := make(chan error, 1)
	target := serve(t, func(c *websocket.Conn, r *http.Request) {
		_, _, err := c.Read(r.Context())
		closed <- err
	})
	r, _ := runOne(t, target, Options{})
	want(t, r, OK)
	select {
	case err := <-closed:
		if s := websocket.CloseStatus(err); s != websocket.StatusNormalClosure {
			t.Errorf("closed with %v (%v), want 1000", s, err)
		}
	case <-time.After(10 * time.Second): // a failure bound: the close precedes Run's return
		t.Fatal("the server never saw the connection end")
	}
}

// A server that is not a WebSocket server is told so at once; a 404
// without FC's header may be propagation behind a proxy, so it is waited
// out, with a hint about the path.
func TestNotAWebSocketServer(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("a web page")) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	page := Target{Function: "fn", Trigger: "ws", URL: srv.URL + "/page", Smoke: defaultSmoke()}
	r, _ := runOne(t, page, Options{})
	want(t, r, Failed, "answered the handshake with 200 OK: a web page instead of 101 Switching Protocols", "accept a WebSocket upgrade")
	if r.Attempts != 1 {
		t.Errorf("%d attempts", r.Attempts)
	}

	missing := page
	missing.URL, missing.Smoke.Timeout = srv.URL+"/missing", 300*time.Millisecond
	r, _ = runOne(t, missing, Options{})
	want(t, r, Unreachable, "answered without X-Fc-Error-Type: 404 Not Found: 404 page not found", "serve the WebSocket at this URL's path")
}

// A cancelled smoke test stops waiting and says so.
func TestCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	target := Target{Function: "fn", Trigger: "ws", URL: closedPortURL(t), Smoke: defaultSmoke()}
	sum, err := Run(ctx, []Target{target}, Options{Progress: func(e Event) {
		if e.Type == Waiting {
			cancel()
		}
	}})
	if err != context.Canceled {
		t.Fatalf("err %v", err)
	}
	want(t, sum.Results[0], Failed, "interrupted")
}
