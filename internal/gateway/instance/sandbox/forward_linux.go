package sandbox

import (
	"net"
	"os"
	"strconv"
)

// relayToHost joins a connection an instance made to a forwarded port on
// its loopback with the host's service on that port: the same family
// first (127.0.0.1 or ::1), then the other, as a dual-stack client would.
// join moves the bytes (the gateway's own relay).
func relayToHost(fd int, family byte, port int, join func(inner, outer net.Conn)) {
	f := os.NewFile(uintptr(fd), "forwarded")
	inner, err := net.FileConn(f)
	f.Close()
	if err != nil {
		return
	}
	defer inner.Close()
	hosts := []string{"127.0.0.1", "::1"}
	if family == 6 {
		hosts[0], hosts[1] = hosts[1], hosts[0]
	}
	for _, h := range hosts {
		if outer, err := net.Dial("tcp", net.JoinHostPort(h, strconv.Itoa(port))); err == nil {
			defer outer.Close()
			join(inner, outer)
			return
		}
	}
	// Nothing answers there any more: the instance sees its connection
	// reset, as it would with nothing listening.
}
