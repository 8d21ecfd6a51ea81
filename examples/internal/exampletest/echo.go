package exampletest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"testing"

	"github.com/coder/websocket"
)

// instanceLine is how every echo example's page names its instance: the
// gateway's FC_INSTANCE_ID looks like FC's, c-<hex>-<hex>-<hex>.
var instanceLine = regexp.MustCompile(`instance c-[0-9a-f-]+ answered /some/path`)

// CheckEcho drives an echo example through its trigger: the plain GET page
// names the instance (so the server got FC's environment), text comes back
// as text and binary as binary, and a ping is answered.
func CheckEcho(t *testing.T, triggerURL string) {
	t.Helper()
	resp, err := http.Get(triggerURL + "some/path?q=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !instanceLine.Match(body) {
		t.Errorf("GET /some/path: %d %q; want 200 naming the instance and the path", resp.StatusCode, body)
	}

	c := Dial(t, triggerURL, "/chat?room=1")
	Echo(t, c, websocket.MessageText, []byte("hello, 世界"))
	Echo(t, c, websocket.MessageBinary, []byte{0, 1, 2, 0xff})
	Echo(t, c, websocket.MessageBinary, bytes.Repeat([]byte("0123456789abcdef"), 64<<10)) // 1 MiB
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	// Ping waits for the pong, which arrives only while something reads.
	ctx = c.CloseRead(ctx)
	if err := c.Ping(ctx); err != nil {
		t.Errorf("ping: %v", err)
	}
	if err := c.Close(websocket.StatusNormalClosure, "done"); err != nil {
		t.Errorf("close 1000: %v", err)
	}
}
