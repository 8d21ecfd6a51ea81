package dataplane

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// kernelSwitched counts the tunnels that went on the fast path, for tests.
var kernelSwitched atomic.Int64

// sndBuf is the send buffer of a socket on the fast path (the kernel
// doubles it). The kernel's backlog worker, finding a peer's buffer full,
// tries again a tick later; autotuned buffers start at 16 KB, so 16 KB
// messages on 50 connections lost a quarter of their rate to those waits.
const sndBuf = 256 << 10

const (
	clientSide  = 0
	backendSide = 1
)

// ktunnel is a tunnel on the kernel fast path (see sockmap_linux.go). The
// switch from the gateway's own reads to redirection keeps every byte in
// order:
//   - the instance's socket enters the map before the handshake is sent,
//     passing what arrives up to the gateway, which reads the answer;
//   - the client's socket enters, redirecting, before the 101 is written:
//     a client sends nothing before it (RFC 6455, 4.1), and one that did
//     takes the user-space relay;
//   - the instance's socket turns to redirection with a compare-and-swap
//     that succeeds only if the gateway has forwarded every byte the
//     program passed up: nothing can be overtaken.
//
// A FIN does not go through the program: the gateway learns of it from
// the end watcher, waits until the peer socket has queued every byte
// redirected to it (the program counts them), and only then half-closes
// the peer.
type ktunnel struct {
	k       *kernel
	pair    uint32
	cookie  [2]uint64
	client  bool      // the client's socket is in the map
	base    [2]uint64 // bytes each socket had queued when redirection to it began
	drained uint64    // the instance's bytes the gateway read itself

	fds      [2]atomic.Int64 // the sockets' duplicates once switched; -1 when closed
	gen      uint32          // tells this tunnel's events from a former one's on the pair
	done     func()
	ends     atomic.Int32 // directions ended by a FIN
	finished atomic.Bool

	mu      sync.Mutex
	watched bool // the end watcher has both sockets
	cutting atomic.Bool
}

func (kt *ktunnel) slot(side int) uint32 { return kt.pair*2 + uint32(side) }

// newKernelTunnel puts the instance's socket on the fast path, or returns
// nil: the tunnel then takes the user-space relay.
func newKernelTunnel(backend *net.TCPConn) *ktunnel {
	k, err := loadKernel()
	if err != nil {
		return nil
	}
	pair, err := k.free.take()
	if err != nil {
		return nil
	}
	kt := &ktunnel{k: k, pair: pair}
	kt.fds[clientSide].Store(-1)
	kt.fds[backendSide].Store(-1)
	err = control(backend, func(fd int) error {
		c, err := unix.GetsockoptUint64(fd, unix.SOL_SOCKET, unix.SO_COOKIE)
		if err != nil {
			return err
		}
		kt.cookie[backendSide] = c
		return k.add(kt.slot(backendSide), fd, c, 0)
	})
	if err != nil {
		k.free.put(pair)
		return nil
	}
	return kt
}

var errBusy = errors.New("bytes are waiting")

// attachClient puts the client's socket in the map, redirecting, unless
// the client already sent something (buffered by the server, or queued).
func (kt *ktunnel) attachClient(client net.Conn, buffered int, backend net.Conn) {
	if kt == nil || buffered > 0 {
		return
	}
	if err := control(backend, func(fd int) (err error) {
		kt.base[backendSide], err = queued(fd)
		return err
	}); err != nil {
		return
	}
	err := control(client, func(fd int) error {
		if n, err := unix.IoctlGetInt(fd, unix.SIOCINQ); err != nil || n > 0 {
			return errBusy
		}
		c, err := unix.GetsockoptUint64(fd, unix.SOL_SOCKET, unix.SO_COOKIE)
		if err != nil {
			return err
		}
		if err := kt.k.add(kt.slot(clientSide), fd, c, redirectBit); err != nil {
			return err
		}
		// Bytes that arrived just before would wait for the next ones.
		if n, err := unix.IoctlGetInt(fd, unix.SIOCINQ); err != nil || n > 0 {
			kt.k.remove(kt.slot(clientSide), c)
			return errBusy
		}
		kt.cookie[clientSide] = c
		return nil
	})
	kt.client = err == nil
}

// active reports whether the tunnel runs on the fast path.
func (kt *ktunnel) active() bool { return kt != nil && kt.client }

// release frees the tunnel's slots; its sockets are closed by then, which
// took them out of the map.
func (kt *ktunnel) release() {
	if kt == nil {
		return
	}
	unwatch(kt)
	kt.closeFDs()
	_ = kt.k.slots.Delete(kt.cookie[backendSide])
	if kt.client {
		_ = kt.k.slots.Delete(kt.cookie[clientSide])
	}
	kt.k.free.put(kt.pair)
}

// start switches the tunnel to redirection and returns at once: no
// goroutine waits for an idle tunnel. The end watcher (ender_linux.go)
// learns of each socket's end; done runs once both directions have ended,
// or at the first error or cut.
//
// The sockets then leave the runtime's poller: the kernel wakes a
// socket's pollers after every redirected segment, and the runtime would
// wake for nothing. They live on in duplicate descriptors that only the
// end watcher watches.
func (kt *ktunnel) start(client, backend net.Conn, answered int64, done func()) {
	kt.done = done
	err := kt.switchBackend(client, backend, uint64(answered))
	for side, c := range [2]net.Conn{client, backend} {
		if err == nil {
			err = control(c, func(fd int) error {
				_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, sndBuf)
				dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
				kt.fds[side].Store(int64(dup))
				return err
			})
		}
	}
	kt.done = keepPlace(client, done)
	backend.Close()
	kt.mu.Lock()
	defer kt.mu.Unlock()
	if err == nil && !kt.cutting.Load() {
		err = watchEnds(kt)
	}
	if err != nil || kt.cutting.Load() {
		kt.fail()
		return
	}
	kt.watched = true
}

// switchBackend turns the instance's socket to redirection once the
// gateway has forwarded all that the program passed up: the answer, and
// whatever followed it meanwhile.
func (kt *ktunnel) switchBackend(client, backend net.Conn, drained uint64) error {
	st := kt.k.state(kt.slot(backendSide))
	var buf []byte
	for range 1000 {
		var base uint64
		if err := control(client, func(fd int) (err error) {
			base, err = queued(fd)
			return err
		}); err != nil {
			return err
		}
		if st.CompareAndSwap(drained, drained|redirectBit) {
			kt.base[clientSide], kt.drained = base, drained
			kernelSwitched.Add(1)
			return nil
		}
		if buf == nil {
			buf = make([]byte, 16<<10)
		}
		_ = backend.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := backend.Read(buf)
		_ = backend.SetReadDeadline(time.Time{})
		if n > 0 {
			if _, err := client.Write(buf[:n]); err != nil {
				return err
			}
			drained += uint64(n)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
	}
	return errors.New("dataplane: the instance's socket never settled for redirection")
}

// cut ends the tunnel from outside (timeout, idle-drop, a dying
// instance) and reports whether it did. Once the end watcher has the
// sockets, shutting them down wakes it and it closes them (closing them
// here would take them out of its sight); before, the caller closes them
// and the start in progress fails.
func (kt *ktunnel) cut() bool {
	if kt == nil {
		return false
	}
	kt.mu.Lock()
	defer kt.mu.Unlock()
	kt.cutting.Store(true)
	if !kt.watched {
		return false
	}
	for side := range kt.fds {
		if fd := kt.fds[side].Load(); fd >= 0 {
			_ = unix.Shutdown(int(fd), unix.SHUT_RDWR)
		}
	}
	return true
}

// ended is the end watcher's report that side's socket hung up, was cut
// or failed.
func (kt *ktunnel) ended(side int) {
	src, dst := int(kt.fds[side].Load()), int(kt.fds[1-side].Load())
	if src < 0 || dst < 0 {
		return // closed already: the tunnel has ended
	}
	soErr, err := unix.GetsockoptInt(src, unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil || soErr != 0 || kt.cutting.Load() || !kt.flushed(dst, side) {
		kt.fail()
		return
	}
	// A FIN: pass it on as a half-close, as the user-space relay does.
	_ = unix.Shutdown(dst, unix.SHUT_WR)
	if kt.ends.Add(1) == 2 {
		kt.finish()
	}
}

// fail closes both sockets and ends the tunnel.
func (kt *ktunnel) fail() {
	kt.closeFDs()
	kt.finish()
}

// closeFDs closes the duplicates, each once: a descriptor number closed
// twice may be someone else's by then.
func (kt *ktunnel) closeFDs() {
	for side := range kt.fds {
		if fd := kt.fds[side].Swap(-1); fd >= 0 {
			_ = unix.Close(int(fd))
		}
	}
}

func (kt *ktunnel) finish() {
	if kt.finished.CompareAndSwap(false, true) {
		kt.done()
	}
}

// idleFor is idleFor on the duplicates, once the tunnel has them.
func (kt *ktunnel) idleFor() (time.Duration, bool) {
	if kt == nil {
		return 0, false
	}
	c, b := kt.fds[clientSide].Load(), kt.fds[backendSide].Load()
	if c < 0 || b < 0 {
		return 0, false
	}
	ci, ok := sinceReceivedFD(int(c))
	if !ok {
		return 0, false
	}
	bi, ok := sinceReceivedFD(int(b))
	return min(ci, bi), ok
}

// flushed waits until dst has queued every byte redirected to it from the
// src side, and reports false if it stops making progress.
func (kt *ktunnel) flushed(dst int, side int) bool {
	want := kt.k.state(kt.slot(side)).Load() &^ redirectBit
	if side == backendSide {
		want -= kt.drained
	}
	base := kt.base[1-side]
	delay, last, lastAt := 20*time.Microsecond, uint64(0), time.Now()
	for {
		q, err := queued(dst)
		if err != nil {
			return false
		}
		if q-base >= want {
			return true
		}
		if q != last {
			last, lastAt = q, time.Now()
		} else if time.Since(lastAt) > 2*time.Second {
			return false
		}
		time.Sleep(delay)
		delay = min(2*delay, 5*time.Millisecond)
	}
}

// queued is every byte ever written to the socket: acknowledged, plus
// still in its send queue.
func queued(fd int) (uint64, error) {
	info, err := unix.GetsockoptTCPInfo(fd, unix.IPPROTO_TCP, unix.TCP_INFO)
	if err != nil {
		return 0, err
	}
	out, err := unix.IoctlGetInt(fd, unix.SIOCOUTQ)
	if err != nil {
		return 0, err
	}
	return info.Bytes_acked + uint64(out), nil
}

// control runs f on the socket's descriptor.
func control(c net.Conn, f func(fd int) error) error {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return errors.New("not a socket")
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = f(int(fd)) }); err != nil {
		return err
	}
	return ferr
}
