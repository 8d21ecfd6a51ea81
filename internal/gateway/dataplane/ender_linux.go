package dataplane

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// The end watcher: one epoll instance, one goroutine, for every socket on
// the kernel fast path. It asks for hang-ups and errors only (EPOLLRDHUP;
// EPOLLERR and EPOLLHUP always come), not for readability: the kernel
// wakes a socket's readers after every redirected segment, and a reader
// per socket would cost a wake-up per message and a goroutine per
// direction. One-shot: each socket reports once.

var (
	enderOnce sync.Once
	enderFD   int
	enderErr  error
	// watched maps a tunnel's pair index to the tunnel, for the events.
	watched [kernelSlots / 2]atomic.Pointer[ktunnel]
	// gens numbers the tunnels of each pair, so that an event fetched
	// just before a tunnel ended never reaches the next one on its pair.
	gens [kernelSlots / 2]atomic.Uint32
)

// watchEnds registers both sockets of kt with the end watcher.
func watchEnds(kt *ktunnel) error {
	enderOnce.Do(func() {
		if enderFD, enderErr = unix.EpollCreate1(unix.EPOLL_CLOEXEC); enderErr == nil {
			go watchLoop(enderFD)
		}
	})
	if enderErr != nil {
		return enderErr
	}
	kt.gen = gens[kt.pair].Add(1)
	watched[kt.pair].Store(kt)
	for side := range kt.fds {
		ev := unix.EpollEvent{Events: unix.EPOLLRDHUP | unix.EPOLLONESHOT, Fd: int32(kt.slot(side)), Pad: int32(kt.gen)}
		if err := unix.EpollCtl(enderFD, unix.EPOLL_CTL_ADD, int(kt.fds[side].Load()), &ev); err != nil {
			return err
		}
	}
	return nil
}

// unwatch forgets kt; its sockets left the epoll set when they closed.
func unwatch(kt *ktunnel) { watched[kt.pair].CompareAndSwap(kt, nil) }

func watchLoop(epfd int) {
	var evs [64]unix.EpollEvent
	for {
		n, err := unix.EpollWait(epfd, evs[:], -1)
		if err != nil {
			continue // EINTR
		}
		for _, ev := range evs[:n] {
			slot := uint32(ev.Fd)
			if kt := watched[slot/2].Load(); kt != nil && kt.gen == uint32(ev.Pad) {
				// The flush wait before a half-close may take a moment.
				go kt.ended(int(slot & 1))
			}
		}
	}
}
