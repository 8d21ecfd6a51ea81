package dataplane

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestListenKeepAliveInherited: a client's connection keeps Go's TCP
// keep-alive although no option is set on it, because the kernel copies
// the listening socket's.
func TestListenKeepAliveInherited(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, a := tcpPairOn(t, ln)
	want := map[string]struct{ level, opt, v int }{
		"SO_KEEPALIVE":  {unix.SOL_SOCKET, unix.SO_KEEPALIVE, 1},
		"TCP_KEEPIDLE":  {unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, int(clientKeepAlive.Idle.Seconds())},
		"TCP_KEEPINTVL": {unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, int(clientKeepAlive.Interval.Seconds())},
		"TCP_KEEPCNT":   {unix.IPPROTO_TCP, unix.TCP_KEEPCNT, clientKeepAlive.Count},
		"TCP_NODELAY":   {unix.IPPROTO_TCP, unix.TCP_NODELAY, 1},
	}
	for name, o := range want {
		err := control(a, func(fd int) error {
			v, err := unix.GetsockoptInt(fd, o.level, o.opt)
			if err == nil && v != o.v {
				t.Errorf("%s on an accepted connection = %d, want %d", name, v, o.v)
			}
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}
