package dataplane

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// TestEchoRelayPaths runs the echo test (text, binary, fragmentation,
// ping/pong, permessage-deflate, a custom close code, with third-party
// clients) on the event loop, the default, then on the goroutine relay,
// and checks that each path really carried the tunnels.
func TestEchoRelayPaths(t *testing.T) {
	testtier.NeedsProcesses(t)
	if os.Getenv("WSDEPLOY_REQUIRE_CLIENTS") == "" && !slices.ContainsFunc(clients, func(c wsClient) bool { return c.missing() == "" }) {
		t.Skip("no WebSocket client is installed (make deps); set WSDEPLOY_REQUIRE_CLIENTS=1 to make this a failure")
	}
	before := loopCarried.Load()
	t.Run("event-loop", TestEcho)
	if loopCarried.Load() == before {
		t.Error("no tunnel took the event loop")
	}
	defer func(on bool) { testGoroutineRelay = on }(testGoroutineRelay)
	testGoroutineRelay = true
	before = loopCarried.Load()
	t.Run("goroutines", TestEcho)
	if loopCarried.Load() != before {
		t.Error("a tunnel took the event loop while the plane asked for the goroutine relay")
	}
}

// relayKinds are the two ways the gateway carries a tunnel's bytes in
// user space, each started on the gateway's ends of two connections; the
// channel closes once the relay has ended.
var relayKinds = []struct {
	name  string
	start func(t *testing.T, client, backend *net.TCPConn) (done <-chan struct{})
}{
	{"goroutines", func(t *testing.T, client, backend *net.TCPConn) <-chan struct{} {
		done := make(chan struct{})
		go func() {
			relay(client, backend)
			close(done)
		}()
		return done
	}},
	{"event-loop", func(t *testing.T, client, backend *net.TCPConn) <-chan struct{} {
		done := make(chan struct{})
		ev := loopStart(client, backend, func() { close(done) })
		if ev == nil {
			t.Fatal("no event loop")
		}
		ev.run()
		return done
	}},
}

// relayPair is user ⇄ [client | relay | backend] ⇄ server: the test holds
// user and server, the relay the two ends between.
func relayPair(t *testing.T, start func(*testing.T, *net.TCPConn, *net.TCPConn) <-chan struct{}) (user, server *net.TCPConn, done <-chan struct{}) {
	user, client := tcpPair(t)
	backend, server := tcpPair(t)
	return user, server, start(t, client, backend)
}

// waitDone fails the test unless the relay ends within waitLimit.
func waitDone(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(waitLimit):
		t.Fatalf("the relay did not end: %s", what)
	}
}

// TestRelayLosesNoBytes streams both ways at once, then a FIN each way:
// each side receives exactly the other's stream, then the end, and the
// relay ends.
func TestRelayLosesNoBytes(t *testing.T) {
	for _, k := range relayKinds {
		t.Run(k.name, func(t *testing.T) {
			user, server, done := relayPair(t, k.start)
			up, down := make(chan error, 1), make(chan error, 1)
			go func() { up <- streamThrough(user, server, 1, 1500) }()
			go func() { down <- streamThrough(server, user, 3, 1500) }()
			if err := <-up; err != nil {
				t.Fatalf("client to instance: %v", err)
			}
			if err := <-down; err != nil {
				t.Fatalf("instance to client: %v", err)
			}
			waitDone(t, done, "both directions ended with a FIN")
		})
	}
}

// TestRelayEndsAfterDataAndFIN: bytes and the FIN after them, both queued
// before the relay starts, so that one short read takes the bytes and no
// new edge follows. The event loop must learn of the FIN from EPOLLRDHUP
// (a loop that waited after every short read would hang), and pass it on
// only after the bytes; the same the other way.
func TestRelayEndsAfterDataAndFIN(t *testing.T) {
	for _, k := range relayKinds {
		t.Run(k.name, func(t *testing.T) {
			user, client := tcpPair(t)
			backend, server := tcpPair(t)
			up, downMsg := []byte("the last words"), []byte("and the answer")
			user.Write(up)
			user.CloseWrite()
			server.Write(downMsg)
			server.CloseWrite()
			queuedOn(t, client, len(up))
			queuedOn(t, backend, len(downMsg))
			done := k.start(t, client, backend)
			_ = server.SetReadDeadline(time.Now().Add(waitLimit))
			_ = user.SetReadDeadline(time.Now().Add(waitLimit))
			if got, err := io.ReadAll(server); err != nil || !bytes.Equal(got, up) {
				t.Fatalf("the instance read %q, %v; want %q then the end", got, err, up)
			}
			if got, err := io.ReadAll(user); err != nil || !bytes.Equal(got, downMsg) {
				t.Fatalf("the client read %q, %v; want %q then the end", got, err, downMsg)
			}
			waitDone(t, done, "both FINs passed")
		})
	}
}

// TestRelayBackpressure: an instance that does not read holds the client
// back through TCP's flow control; the relay holds at most a read's worth
// of the backlog itself, and once the instance reads, every byte arrives
// in order.
func TestRelayBackpressure(t *testing.T) {
	for _, k := range relayKinds {
		t.Run(k.name, func(t *testing.T) {
			user, server, done := relayPair(t, k.start)
			sent := make([]byte, 0, 64<<20)
			chunk := bytes.Repeat([]byte("0123456789abcdef"), 4096)
			// The client writes until it is held back: a write that makes
			// no progress for a second, with every buffer between full.
			for len(sent) < cap(sent)-len(chunk) {
				_ = user.SetWriteDeadline(time.Now().Add(time.Second))
				n, err := user.Write(chunk)
				sent = append(sent, chunk[:n]...)
				if errors.Is(err, os.ErrDeadlineExceeded) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				chunk[0]++
			}
			if len(sent) >= cap(sent)-len(chunk) {
				t.Fatalf("the client wrote %d MB to an instance that reads nothing: the relay does not hold it back", len(sent)>>20)
			}
			user.CloseWrite()
			_ = server.SetReadDeadline(time.Now().Add(waitLimit))
			got, err := io.ReadAll(server)
			if err != nil || !bytes.Equal(got, sent) {
				t.Fatalf("the instance read %d of %d bytes (%v), or not in order", len(got), len(sent), err)
			}
			server.CloseWrite()
			if rest, err := io.ReadAll(user); err != nil || len(rest) != 0 {
				t.Fatalf("the client read %d bytes, %v; want the end", len(rest), err)
			}
			waitDone(t, done, "after the backlog drained")
		})
	}
}

// TestRelayPingPong is the echo pattern, a small message each way and
// nothing more until it is answered: every read is short, so each message
// depends on the next edge being seen.
func TestRelayPingPong(t *testing.T) {
	for _, k := range relayKinds {
		t.Run(k.name, func(t *testing.T) {
			user, server, _ := relayPair(t, k.start)
			roundTrips(t, user, server)
		})
	}
}

// TestLoopCut: a cut (the function's timeout, idle-drop, a dying
// instance) ends an event-loop tunnel at once: both peers see their
// connection end without another byte, and done runs.
func TestLoopCut(t *testing.T) {
	user, client := tcpPair(t)
	backend, server := tcpPair(t)
	done := make(chan struct{})
	ev := loopStart(client, backend, func() { close(done) })
	if ev == nil {
		t.Fatal("no event loop")
	}
	ev.run()
	if _, err := user.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 5)
	_ = server.SetReadDeadline(time.Now().Add(waitLimit))
	if _, err := io.ReadFull(server, got); err != nil {
		t.Fatal(err)
	}
	ev.cut()
	waitDone(t, done, "cut")
	for name, c := range map[string]*net.TCPConn{"client": user, "instance": server} {
		_ = c.SetReadDeadline(time.Now().Add(waitLimit))
		if n, err := c.Read(got); n != 0 || err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("the %s read %d bytes, %v after the cut; want its connection ended", name, n, err)
		}
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if ev.fds != [2]int{-1, -1} {
		t.Errorf("the loop kept descriptors %v of the cut tunnel open", ev.fds)
	}
}
