package exampletest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Wait bounds each network step of a test: generous, because a busy 2-core
// machine running -race builds is slow, and a step that works takes
// milliseconds anyway.
const Wait = 30 * time.Second

// WebSocketURL turns a trigger URL (http://host:port/) and a path into the
// ws:// URL a client dials.
func WebSocketURL(triggerURL, path string) string {
	u := strings.TrimSuffix(triggerURL, "/") + path
	if rest, ok := strings.CutPrefix(u, "https://"); ok {
		return "wss://" + rest
	}
	return "ws://" + strings.TrimPrefix(u, "http://")
}

// Dial opens a WebSocket to the trigger, closed when the test ends.
func Dial(t testing.TB, triggerURL, path string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, WebSocketURL(triggerURL, path), nil)
	if err != nil {
		status := ""
		if resp != nil {
			status = " (" + resp.Status + ", X-Fc-Error-Type " + resp.Header.Get(fcspec.HeaderErrorType) + ")"
		}
		t.Fatalf("dial %s: %v%s", WebSocketURL(triggerURL, path), err, status)
	}
	c.SetReadLimit(4 << 20) // the default, 32 KiB, is below what tests echo
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// Handshake attempts a WebSocket handshake and returns the HTTP answer when
// the server refused it (nil when it succeeded, after closing).
func Handshake(t testing.TB, triggerURL, path string) *http.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, WebSocketURL(triggerURL, path), nil)
	if err == nil {
		c.Close(websocket.StatusNormalClosure, "")
		return nil
	}
	if resp == nil {
		t.Fatalf("dial %s: %v (no HTTP answer)", WebSocketURL(triggerURL, path), err)
	}
	return resp
}

// Echo sends a message and checks that the same message, of the same type,
// comes back.
func Echo(t testing.TB, c *websocket.Conn, typ websocket.MessageType, msg []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	if err := c.Write(ctx, typ, msg); err != nil {
		t.Fatalf("write: %v", err)
	}
	gotType, got, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read the echo: %v", err)
	}
	if gotType != typ || string(got) != string(msg) {
		t.Fatalf("echo: got %v %q, want %v %q", gotType, truncate(got), typ, truncate(msg))
	}
}

func truncate(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "..."
	}
	return string(b)
}
