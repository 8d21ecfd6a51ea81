package dataplane

import (
	"net"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// idleSupported: the kernel keeps the time of each socket's last received
// data, so idle-drop costs nothing per message and works with splice.
const idleSupported = true

// idleFor is how long neither side sent anything: the shorter of the two
// sockets' times since they last received data (client→instance bytes
// arrive on the client socket, instance→client bytes on the other).
func idleFor(client, backend net.Conn) (time.Duration, bool) {
	a, ok := sinceReceived(client)
	if !ok {
		return 0, false
	}
	b, ok := sinceReceived(backend)
	if !ok {
		return 0, false
	}
	return min(a, b), true
}

func sinceReceived(c net.Conn) (time.Duration, bool) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return 0, false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return 0, false
	}
	var d time.Duration
	if raw.Control(func(fd uintptr) { d, ok = sinceReceivedFD(int(fd)) }) != nil {
		return 0, false
	}
	return d, ok
}

func sinceReceivedFD(fd int) (time.Duration, bool) {
	info, err := unix.GetsockoptTCPInfo(fd, unix.IPPROTO_TCP, unix.TCP_INFO)
	if err != nil {
		return 0, false
	}
	return time.Duration(info.Last_data_recv) * time.Millisecond, true
}
