package plugintest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// smoke sends a message through the trigger's public URL and expects the
// echo back, retrying while the URL is not serving yet (propagation).
func (k *kit) smoke() {
	k.t.Helper()
	if k.opts.SkipSmoke {
		k.t.Logf("plugintest: %s: smoke skipped (Options.SkipSmoke)", k.step)
		return
	}
	f, err := k.p.GetFunction(k.ctx, k.spec.function())
	if err != nil {
		k.fatalf("GetFunction for the smoke test: %v", err)
	}
	var url string
	for _, t := range f.Triggers {
		if t.Name == "ws" {
			url = t.URLInternet
		}
	}
	if url == "" {
		k.t.Logf("plugintest: %s: trigger ws reports no URL; smoke skipped", k.step)
		return
	}
	wsURL := "ws" + strings.TrimPrefix(url, "http")
	nonce := make([]byte, 6)
	rand.Read(nonce)
	msg := "plugintest " + hex.EncodeToString(nonce)
	deadline := time.Now().Add(k.opts.SmokeTimeout)
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, 2*time.Second) {
		got, err := echo(k.ctx, wsURL, msg)
		switch {
		case err == nil && got == msg:
			return
		case err == nil:
			k.fatalf("%s answered %q to %q; an echo function must send the message back", wsURL, got, msg)
		case time.Now().After(deadline):
			k.fatalf("no WebSocket echo through %s within %s: %v", wsURL, k.opts.SmokeTimeout, err)
		}
		select { // the URL may not serve yet: try again
		case <-time.After(wait):
		case <-k.ctx.Done():
			k.fatalf("no WebSocket echo through %s: %v (last: %v)", wsURL, k.ctx.Err(), err)
		}
	}
}

// echo dials url, sends msg and returns the first message back.
func echo(ctx context.Context, url, msg string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return "", err
	}
	defer c.CloseNow()
	if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		return "", err
	}
	_, got, err := c.Read(ctx)
	if err != nil {
		return "", err
	}
	c.Close(websocket.StatusNormalClosure, "")
	return string(got), nil
}
