package dataplane

import (
	"errors"
	"net"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The event loop: the gateway's own epoll, as nginx relays, for
// established tunnels. Under the runtime's poller each direction of each
// tunnel is a goroutine that reads, writes, reads again to find nothing
// and parks; every message then costs that empty read and a goroutine
// wake-up per direction (docs/BENCHMARKS.md). Here one goroutine per
// processor takes the events of many sockets from an epoll instance,
// edge-triggered, and a message costs one read and one write.
//
// Edge-triggered reads must go on until the socket is drained, which
// would be the same empty read again. It is not needed: a read that
// returns less than the buffer took everything queued, so a later arrival
// raises a new edge. The one thing such a read can miss is a FIN that came
// with the data, and EPOLLRDHUP reports exactly that: once an event
// carries it the direction reads until the end. (Go's poller hides
// EPOLLRDHUP, which is why the goroutine relay cannot skip the empty read.)
//
// Each socket is registered once for input, output and hang-up; a
// direction whose destination is full keeps the rest in a pooled buffer
// and stops reading its source, so TCP's flow control holds the sender
// back, and resumes when the destination's EPOLLOUT edge comes.

// loopBufSize is one read: a 16 KB message in one read, as the relay's.
const loopBufSize = copyBufSize

var (
	loopsOnce sync.Once
	loops     []*evloop
	loopNext  atomic.Uint32
	// loopCarried counts the tunnels the loops took, for tests.
	loopCarried atomic.Int64
)

// evloop is one epoll instance and the goroutine that waits on it.
type evloop struct {
	epfd int
	rc   syscall.RawConn // the epoll instance under the runtime's poller
	buf  []byte          // the read buffer; only the loop's goroutine uses it

	mu   sync.Mutex
	tuns []*evtunnel // by slot; nil when free
	free []uint32
	gen  uint32
}

// loopFor returns the loop a new tunnel goes to, or nil where no epoll
// could be made (the tunnel then takes the goroutine relay).
func loopFor() *evloop {
	loopsOnce.Do(func() {
		n := runtime.GOMAXPROCS(0)
		for range n {
			l, err := newLoop()
			if err != nil {
				// No epoll here (or no descriptors left): every tunnel
				// takes the portable goroutine relay instead.
				return
			}
			loops = append(loops, l)
			go l.run()
		}
	})
	if len(loops) == 0 {
		return nil
	}
	return loops[int(loopNext.Add(1))%len(loops)]
}

// evtunnel is one tunnel on an event loop. Direction d reads fds[d] and
// writes fds[1-d]; only the loop's goroutine touches the directions.
type evtunnel struct {
	l    *evloop
	slot uint32
	gen  uint32
	done func()
	dirs [2]direction

	// mu guards fds against a cut racing the loop's close: a number
	// closed may be someone else's socket by the time it is shut down.
	mu      sync.Mutex
	fds     [2]int // -1 once closed
	cutting atomic.Bool
}

// direction is one way of a tunnel.
type direction struct {
	pending *[]byte // bytes read and not yet written, from off; nil when none
	off, n  int
	rdhup   bool // the source's peer hung up: read to the end
	eof     bool // the source ended; passed on once nothing is pending
	shut    bool // the FIN went on to the destination
}

// loopStart moves a started tunnel's sockets onto an event loop and
// reports whether it did; done runs once both directions have ended, or
// at the first error or cut. The sockets leave the runtime's poller: they
// live on in duplicates that only the loop reads and writes.
func loopStart(client, backend net.Conn, done func()) *evtunnel {
	l := loopFor()
	if l == nil {
		return nil
	}
	et := &evtunnel{l: l, fds: [2]int{-1, -1}}
	for side, c := range [2]net.Conn{client, backend} {
		if err := control(c, func(fd int) (err error) {
			et.fds[side], err = unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
			return err
		}); err != nil {
			et.closeFDs()
			return nil
		}
	}
	et.done = keepPlace(client, done)
	backend.Close()
	return et
}

// run registers the tunnel with its loop; a failure ends it at once.
func (et *evtunnel) run() {
	l := et.l
	l.mu.Lock()
	if n := len(l.free); n > 0 {
		et.slot, l.free = l.free[n-1], l.free[:n-1]
		l.tuns[et.slot] = et
	} else {
		et.slot = uint32(len(l.tuns))
		l.tuns = append(l.tuns, et)
	}
	l.gen++
	et.gen = l.gen
	l.mu.Unlock()
	loopCarried.Add(1)
	// Under mu: the loop may see the first socket's events and end the
	// tunnel before the second is added, and its number must not be
	// added once closed.
	et.mu.Lock()
	defer et.mu.Unlock()
	for side, fd := range et.fds {
		if fd < 0 {
			return
		}
		ev := unix.EpollEvent{
			Events: unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET,
			Fd:     int32(et.slot<<1 | uint32(side)),
			Pad:    int32(et.gen),
		}
		if err := unix.EpollCtl(l.epfd, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
			et.cutting.Store(true)
			if side == 0 {
				go et.fail() // the loop has never seen it; fail takes mu
			} else {
				_ = unix.Shutdown(et.fds[0], unix.SHUT_RDWR) // the loop then closes both
			}
			return
		}
	}
}

// newLoop makes an epoll instance and puts it, in turn, under the
// runtime's poller: the loop's goroutine then waits as any network read
// does. A goroutine blocked in epoll_wait would hold an OS thread in a
// system call, and the scheduler, finding its processor idle there, takes
// the processor away and hands it back after each wake-up: more switches
// per message than the relay it replaces.
func newLoop() (*evloop, error) {
	fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, err
	}
	rc, err := os.NewFile(uintptr(fd), "evloop").SyscallConn()
	if err != nil {
		return nil, err
	}
	return &evloop{epfd: fd, rc: rc, buf: make([]byte, loopBufSize)}, nil
}

// run waits for the epoll instance to have events, then takes and handles
// them without blocking, until none is left.
func (l *evloop) run() {
	evs := make([]unix.EpollEvent, 128)
	for {
		_ = l.rc.Read(func(fd uintptr) bool {
			for {
				n, err := pollEvents(int(fd), evs)
				if err == unix.EINTR {
					continue
				}
				if n > 0 {
					l.dispatch(evs[:n])
				}
				// Whatever arrives from here on raises the poller's edge.
				if n < len(evs) {
					return false
				}
			}
		})
	}
}

func (l *evloop) dispatch(evs []unix.EpollEvent) {
	for _, ev := range evs {
		slot := uint32(ev.Fd) >> 1
		l.mu.Lock()
		et := l.tuns[slot]
		l.mu.Unlock()
		if et != nil && et.gen == uint32(ev.Pad) {
			et.handle(int(ev.Fd&1), ev.Events)
		}
	}
}

// handle is an event on side's socket.
func (et *evtunnel) handle(side int, events uint32) {
	if et.cutting.Load() {
		et.fail()
		return
	}
	if events&(unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
		et.dirs[side].rdhup = true
	}
	if events&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
		if !et.pump(side) {
			return
		}
	}
	if events&(unix.EPOLLOUT|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
		et.flush(1 - side)
	}
}

// pump moves what side's socket has to the other and reports whether the
// tunnel lives on.
func (et *evtunnel) pump(side int) bool {
	d := &et.dirs[side]
	if d.pending != nil || d.eof {
		return true // waiting for the destination, or done
	}
	src, dst := et.fds[side], et.fds[1-side]
	buf := et.l.buf
	for {
		n, err := rawIO(unix.SYS_READ, src, buf)
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return true
		case err != nil:
			et.fail()
			return false
		case n == 0:
			d.eof = true
			return et.passFIN(side)
		}
		w, err := writeSome(dst, buf[:n])
		if err != nil {
			et.fail()
			return false
		}
		if w < n {
			p := copyBufs.Get().(*[]byte)
			d.pending, d.off, d.n = p, 0, copy(*p, buf[w:n])
			return true // flush resumes on the destination's EPOLLOUT
		}
		if n < len(buf) && !d.rdhup {
			return true // drained; the next arrival raises a new edge
		}
	}
}

// flush writes what side's direction holds, on the destination's
// EPOLLOUT, then reads on.
func (et *evtunnel) flush(side int) {
	d := &et.dirs[side]
	if d.pending == nil {
		return
	}
	w, err := writeSome(et.fds[1-side], (*d.pending)[d.off:d.n])
	if err != nil {
		et.fail()
		return
	}
	if d.off += w; d.off < d.n {
		return
	}
	copyBufs.Put(d.pending)
	d.pending = nil
	if d.eof {
		et.passFIN(side)
		return
	}
	et.pump(side) // no new edge comes for what arrived meanwhile
}

// passFIN half-closes the destination once nothing is pending, as the
// goroutine relay does, and ends the tunnel when both ways are done.
func (et *evtunnel) passFIN(side int) bool {
	d := &et.dirs[side]
	if d.pending != nil || d.shut {
		return true
	}
	d.shut = true
	if err := unix.Shutdown(et.fds[1-side], unix.SHUT_WR); err != nil {
		et.fail()
		return false
	}
	if et.dirs[1-side].shut {
		et.fail() // both ways ended: close and finish
		return false
	}
	return true
}

// writeSome writes p until it is written or dst is full.
func writeSome(dst int, p []byte) (int, error) {
	w := 0
	for w < len(p) {
		n, err := rawIO(unix.SYS_WRITE, dst, p[w:])
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return w, nil
		case err != nil:
			return w, err
		}
		w += n
	}
	return w, nil
}

// pollEvents takes the events waiting in the epoll instance, without
// waiting. It is a raw system call, as rawIO's: the runtime's entry into a
// system call that may block wakes its monitor thread whenever every
// processor was idle, which on a lightly loaded gateway is before nearly
// every message, and that wake-up was a context switch and a futex call
// per message (docs/BENCHMARKS.md).
func pollEvents(epfd int, evs []unix.EpollEvent) (int, error) {
	n, _, errno := unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(unsafe.Pointer(&evs[0])), uintptr(len(evs)), 0, 0, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// rawIO is read(2) or write(2) on a non-blocking socket, which returns at
// once: without the scheduler's bookkeeping for a call that may block,
// a tenth of the loop's time (docs/BENCHMARKS.md).
func rawIO(trap uintptr, fd int, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, _, errno := unix.RawSyscall(trap, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// fail closes both sockets, frees the slot and runs done, once.
func (et *evtunnel) fail() {
	if !et.closeFDs() {
		return
	}
	for i := range et.dirs {
		if p := et.dirs[i].pending; p != nil {
			copyBufs.Put(p)
			et.dirs[i].pending = nil
		}
	}
	l := et.l
	l.mu.Lock()
	l.tuns[et.slot] = nil
	l.free = append(l.free, et.slot)
	l.mu.Unlock()
	et.done()
}

// closeFDs closes the duplicates and reports whether they were open.
func (et *evtunnel) closeFDs() bool {
	et.mu.Lock()
	defer et.mu.Unlock()
	was := false
	for i, fd := range et.fds {
		if fd >= 0 {
			_ = unix.Close(fd)
			et.fds[i] = -1
			was = true
		}
	}
	return was
}

// cut ends the tunnel from outside (timeout, idle-drop, a dying
// instance): shutting both sockets down wakes the loop, which closes
// them. It reports true: the loop owns the sockets.
func (et *evtunnel) cut() bool {
	et.cutting.Store(true)
	et.mu.Lock()
	defer et.mu.Unlock()
	for _, fd := range et.fds {
		if fd >= 0 {
			_ = unix.Shutdown(fd, unix.SHUT_RDWR)
		}
	}
	return true
}

// idleFor is idleFor on the duplicates.
func (et *evtunnel) idleFor() (time.Duration, bool) {
	et.mu.Lock()
	defer et.mu.Unlock()
	if et.fds[0] < 0 || et.fds[1] < 0 {
		return 0, false
	}
	a, ok := sinceReceivedFD(et.fds[0])
	if !ok {
		return 0, false
	}
	b, ok := sinceReceivedFD(et.fds[1])
	return min(a, b), ok
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
