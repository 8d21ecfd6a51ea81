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
	url := k.triggerURL()
	if url == "" {
		k.t.Logf("plugintest: %s: trigger ws reports no URL; smoke skipped", k.step)
		return
	}
	k.echoUntil("ws"+strings.TrimPrefix(url, "http"), nil)
}

// triggerURL is the public URL of the function's trigger ws, "" when the
// provider reports none.
func (k *kit) triggerURL() string {
	k.t.Helper()
	f, err := k.p.GetFunction(k.ctx, k.spec.function())
	if err != nil {
		k.fatalf("GetFunction for the smoke test: %v", err)
	}
	for _, t := range f.Triggers {
		if t.Name == "ws" {
			return t.URLInternet
		}
	}
	return ""
}

// echoUntil sends a message to the WebSocket URL wsURL, dialled with
// opts, and expects the echo back, retrying while the URL does not serve
// yet (propagation).
func (k *kit) echoUntil(wsURL string, opts *websocket.DialOptions) {
	k.t.Helper()
	nonce := make([]byte, 6)
	rand.Read(nonce)
	msg := "plugintest " + hex.EncodeToString(nonce)
	k.retry("WebSocket echo through "+wsURL, func() error {
		k.t.Helper()
		got, err := echo(k.ctx, wsURL, opts, msg)
		if err == nil && got != msg {
			k.fatalf("%s answered %q to %q; an echo function must send the message back", wsURL, got, msg)
		}
		return err
	})
}

// retry calls try until it succeeds, backing off, for what a target may
// take time to show (FC's trigger propagation takes about 10 s): it fails
// with the last error after Options.SmokeTimeout.
func (k *kit) retry(what string, try func() error) {
	k.t.Helper()
	deadline := time.Now().Add(k.opts.SmokeTimeout)
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, 2*time.Second) {
		err := try()
		switch {
		case err == nil:
			return
		case time.Now().After(deadline):
			k.fatalf("no %s within %s: %v", what, k.opts.SmokeTimeout, err)
		}
		select {
		case <-time.After(wait):
		case <-k.ctx.Done():
			k.fatalf("no %s: %v (last: %v)", what, k.ctx.Err(), err)
		}
	}
}

// echo dials url, sends msg and returns the first message back.
func echo(ctx context.Context, url string, opts *websocket.DialOptions, msg string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, url, opts)
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
