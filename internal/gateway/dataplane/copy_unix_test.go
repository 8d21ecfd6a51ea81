//go:build unix

package dataplane

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// tcpPair is a connected pair of loopback sockets.
func tcpPair(t *testing.T) (a, b *net.TCPConn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return tcpPairOn(t, ln)
}

// tcpPairOn connects to ln: the dialled end, then the accepted one.
func tcpPairOn(t *testing.T, ln net.Listener) (a, b *net.TCPConn) {
	t.Helper()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); s.Close() })
	return c.(*net.TCPConn), s.(*net.TCPConn)
}

// TestCopyWhenReadyLosesNoBytes streams writes of every size through
// copyWhenReady: the far end receives exactly the stream, then the EOF.
func TestCopyWhenReadyLosesNoBytes(t *testing.T) {
	src, in := tcpPair(t)  // the test writes src; the copy reads in
	out, dst := tcpPair(t) // the copy writes out; the test reads dst
	copied := make(chan error, 1)
	go func() {
		err := copyWhenReady(out, in)
		out.CloseWrite()
		copied <- err
	}()
	if err := streamThrough(src, dst, 1, 3000); err != nil {
		t.Fatal(err)
	}
	if err := <-copied; err != nil {
		t.Fatalf("copy ended with %v; want a clean EOF", err)
	}
}

// streamThrough makes n writes of every size, from one byte to several
// buffers, in bursts and one at a time, on w, then a FIN, while it reads r
// to the end, and reports whether r received exactly what w sent. A relay
// that missed bytes already queued after a short read would stall.
func streamThrough(w, r *net.TCPConn, seed uint64, n int) error {
	received := make(chan [32]byte, 1)
	go func() {
		got, _ := io.ReadAll(r)
		received <- sha256.Sum256(got)
	}()
	rng := rand.New(rand.NewPCG(seed, 2))
	h := sha256.New()
	chunk := make([]byte, 3*copyBufSize+7)
	for i := range n {
		size := 1 + rng.IntN(64)
		switch i % 10 {
		case 0:
			size = copyBufSize // exactly one read's worth, then more
		case 1:
			size = len(chunk)
		case 2:
			size = 1 + rng.IntN(copyBufSize)
		}
		for k := range size {
			chunk[k] = byte(rng.Uint32())
		}
		// A minute without progress is a stall.
		_ = w.SetWriteDeadline(time.Now().Add(time.Minute))
		if _, err := w.Write(chunk[:size]); err != nil {
			return err
		}
		h.Write(chunk[:size])
	}
	w.CloseWrite()
	var sent [32]byte
	h.Sum(sent[:0])
	select {
	case got := <-received:
		if got != sent {
			return errors.New("the bytes received differ from those sent")
		}
		return nil
	case <-time.After(2 * time.Minute):
		return errors.New("the relay stalled with bytes queued")
	}
}

// TestCopyWhenReadyEndsAfterDataAndFIN: bytes and the FIN that follows
// them, queued together before the copy reads: one short read returns the
// bytes and consumes the FIN, and no new event will come. A copy that
// waits after a short read (as nginx does, which learns of the FIN from
// EPOLLRDHUP, hidden by Go's poller) would wait forever; this one reads
// again and sees the end.
func TestCopyWhenReadyEndsAfterDataAndFIN(t *testing.T) {
	src, in := tcpPair(t)
	out, dst := tcpPair(t)
	msg := []byte("the last words")
	if _, err := src.Write(msg); err != nil {
		t.Fatal(err)
	}
	src.CloseWrite()
	queuedOn(t, in, len(msg))
	copied := make(chan error, 1)
	go func() { copied <- copyWhenReady(out, in) }()
	select {
	case err := <-copied:
		if err != nil {
			t.Fatalf("copy ended with %v; want a clean EOF", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the copy missed the end of its source")
	}
	out.CloseWrite()
	got, err := io.ReadAll(dst)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("received %q, %v; want %q", got, err, msg)
	}
}

// TestCopyWhenReadyPingPong is the echo pattern, a small message each way
// and nothing more until it is answered: every read is short, so each
// message depends on the wait after a short read seeing the next edge.
func TestCopyWhenReadyPingPong(t *testing.T) {
	client, in := tcpPair(t)
	out, server := tcpPair(t)
	go func() { _ = copyWhenReady(out, in) }()
	go func() { _ = copyWhenReady(in, out) }()
	roundTrips(t, client, server)
}

// roundTrips echoes 5,000 small messages, one at a time, from client
// through a relay to server and back.
func roundTrips(t *testing.T, client, server *net.TCPConn) {
	t.Helper()
	go func() { _, _ = io.Copy(server, server) }() // the echo server
	_ = client.SetDeadline(time.Now().Add(2 * time.Minute))
	msg, got := make([]byte, 32), make([]byte, 32)
	for i := range 5000 {
		msg[0], msg[31] = byte(i), byte(i>>8)
		if _, err := client.Write(msg); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(client, got); err != nil {
			t.Fatalf("round trip %d: %v", i, err)
		}
		if !bytes.Equal(got, msg) {
			t.Fatalf("round trip %d: got %x; want %x", i, got, msg)
		}
	}
}

// queuedOn waits until n bytes are queued to be read on c (loopback
// delivers them in the writer's own system call, but the kernel does not
// promise it).
func queuedOn(t *testing.T, c *net.TCPConn, n int) {
	t.Helper()
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	for queued := 0; queued < n; {
		_ = rc.Control(func(fd uintptr) { queued, _ = unix.IoctlGetInt(int(fd), unix.SIOCINQ) })
		runtime.Gosched()
	}
}
