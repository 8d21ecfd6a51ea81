//go:build unix

package dataplane

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/coder/websocket"
)

// TestPreStopCloseAfterAnswer: a server whose PreStop hook queues its
// close frames and answers at once, as a node "ws" server's close() does,
// behind a message its client has not read yet. The gateway stops the
// instance after the answer, and the client still reads the whole
// message, then the server's 1001: cutting the connection at the answer
// dropped what was on its way (a 1006 instead).
func TestPreStopCloseAfterAnswer(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.StopGrace = waitLimit })
	url := e.hooked("fn", nil, &Hook{Timeout: waitLimit}, "-pre-stop=async")
	// A client that takes little at a time: most of the echo then waits
	// in the gateway's socket from the instance when the hook answers.
	small := &net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 64<<10) })
	}}
	var sock *net.TCPConn
	dialSmall := func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := small.DialContext(ctx, network, addr)
		if err == nil {
			sock = c.(*net.TCPConn)
		}
		return c, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http"), &websocket.DialOptions{
		HTTPClient: &http.Client{Transport: &http.Transport{DialContext: dialSmall}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	c.SetReadLimit(-1)
	msg := make([]byte, 16<<20)
	_, _ = rand.NewChaCha8([32]byte{1}).Read(msg) // incompressible
	if err := c.Write(ctx, websocket.MessageBinary, msg); err != nil {
		t.Fatal(err)
	}
	queuedOn(t, sock, 1) // the echo is on its way
	closed := closeAsync(e)
	e.waitPrefix("pre-stop done")
	e.waitPrefix("SIGTERM") // the gateway has acted on the answer
	if _, got, err := c.Read(ctx); err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("the client read %d of the %d bytes of the echo (%v); want all of them", len(got), len(msg), err)
	}
	if err := readErr(t, c); websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("the connection ended with %v (status %d), want the server's 1001", err, websocket.CloseStatus(err))
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
}
