package dataplane

import (
	"net"

	"golang.org/x/sys/unix"
)

// keepAliveInherited: Linux copies SO_KEEPALIVE and TCP_KEEPIDLE,
// TCP_KEEPINTVL and TCP_KEEPCNT from a listening socket to the
// connections it accepts (tcp_create_openreq_child).
const keepAliveInherited = true

// setKeepAlive sets ka's options on a socket.
func setKeepAlive(fd int, ka net.KeepAliveConfig) error {
	for _, o := range []struct{ level, opt, v int }{
		{unix.SOL_SOCKET, unix.SO_KEEPALIVE, 1},
		{unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, int(ka.Idle.Seconds())},
		{unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, int(ka.Interval.Seconds())},
		{unix.IPPROTO_TCP, unix.TCP_KEEPCNT, ka.Count},
	} {
		if err := unix.SetsockoptInt(fd, o.level, o.opt, o.v); err != nil {
			return err
		}
	}
	return nil
}
