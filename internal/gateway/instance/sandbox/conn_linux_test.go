package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// listen9000 starts a Python server: it listens on the function's port in
// the sandbox and says so.
const listen9000 = `import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 9000)); s.listen(1024)
print("listening", flush=True)
`

// TestConn: init hands over a sock_diag socket; the connection Dial returns is what the relay needs of a TCP
// connection: no Nagle delay, a half-close that leaves the other way
// open, deadlines, and the instance's address.
func TestConn(t *testing.T) {
	testtier.NeedsProcesses(t)
	ch := start(t, map[string]string{"server.py": listen9000 + `while True:
    c, _ = s.accept()
    got = b""
    while True:
        b = c.recv(100)
        if not b:
            break
        got += b
    c.sendall(got + b" then bye"); c.close()
`}, "/usr/bin/python3", "/code/server.py")
	// init sent a sock_diag socket of the namespace, rootless too.
	if err := ch.WithDiag(func(fd int) error {
		typ, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PROTOCOL)
		if err == nil && typ != unix.NETLINK_SOCK_DIAG {
			t.Errorf("WithDiag's socket has protocol %d, want NETLINK_SOCK_DIAG", typ)
		}
		return err
	}); err != nil {
		t.Fatalf("WithDiag: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := ch.Dial(ctx, 9000)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got, want := c.RemoteAddr().String(), Addr.String()+":9000"; got != want {
		t.Errorf("RemoteAddr = %s, want %s", got, want)
	}
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	nodelay := -1
	if err := rc.Control(func(fd uintptr) { nodelay, _ = unix.GetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_NODELAY) }); err != nil {
		t.Fatal(err)
	}
	if nodelay != 1 {
		t.Errorf("TCP_NODELAY = %d, want 1", nodelay)
	}

	// Nothing to read yet: a deadline in the past ends the read at once.
	_ = c.SetReadDeadline(time.Now().Add(-time.Second))
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past its deadline: %v, want a deadline error", err)
	}
	_ = c.SetReadDeadline(time.Time{})

	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	// The server answers only after our FIN; the answer still arrives.
	if err := c.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(time.Minute))
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "ping then bye" {
		t.Fatalf("got %q after the half-close, want %q", got, "ping then bye")
	}
}

// TestDialBurst: more handshakes at once than one refill of the socket pool
// brings all get their connection; none waits for a refill nobody asked for.
func TestDialBurst(t *testing.T) {
	testtier.NeedsProcesses(t)
	ch := start(t, map[string]string{"server.py": listen9000 + `held = []
while True:
    c, _ = s.accept(); held.append(c)
`}, "/usr/bin/python3", "/code/server.py")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n := 4*poolRefill + 1
	errs := make(chan error, n)
	for range n {
		go func() {
			c, err := ch.Dial(ctx, 9000)
			if err == nil {
				c.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatalf("one of %d dials at once: %v", n, err)
		}
	}
}

// TestDialFailsWhenInitHasNoSocket: an init that can make no socket (here
// out of descriptors) says so, and the dial waiting for one fails with
// that error at once instead of waiting out its deadline.
func TestDialFailsWhenInitHasNoSocket(t *testing.T) {
	testtier.NeedsProcesses(t)
	cmd, ch := startCmd(t, map[string]string{"server.py": listen9000 + `held = []
while True:
    c, _ = s.accept(); held.append(c)
`}, "/usr/bin/python3", "/code/server.py")
	pid := cmd.Process.Pid
	open, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatal(err)
	}
	// A new descriptor takes the lowest free number: below that one, none.
	used := map[string]bool{}
	for _, e := range open {
		used[e.Name()] = true
	}
	free := 0
	for used[strconv.Itoa(free)] {
		free++
	}
	var old unix.Rlimit
	lim := unix.Rlimit{Cur: uint64(free)}
	if err := unix.Prlimit(pid, unix.RLIMIT_NOFILE, nil, &old); err != nil {
		t.Fatal(err)
	}
	lim.Max = old.Max
	if err := unix.Prlimit(pid, unix.RLIMIT_NOFILE, &lim, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The pool holds what init made before: take it, then one more.
	for range poolCap + 1 {
		c, err := ch.Dial(ctx, 9000)
		if err == nil {
			defer c.Close()
			continue
		}
		if !errors.Is(err, unix.EMFILE) {
			t.Fatalf("dial with init out of descriptors: %v; want its EMFILE, not a wait for the deadline", err)
		}
		return
	}
	t.Fatalf("%d dials succeeded with init out of descriptors", poolCap+1)
}
