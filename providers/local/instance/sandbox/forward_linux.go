package sandbox

import (
	"io"
	"net"
	"os"
	"strconv"
)

// relayToHost joins a connection an instance made to a forwarded port on
// its loopback with the host's service on that port: the same family
// first (127.0.0.1 or ::1), then the other, as a dual-stack client would.
func relayToHost(fd int, family byte, port int) {
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
	var outer net.Conn
	for _, h := range hosts {
		if outer, err = net.Dial("tcp", net.JoinHostPort(h, strconv.Itoa(port))); err == nil {
			break
		}
	}
	if outer == nil {
		return // the instance sees its connection reset, as it would with nothing there
	}
	defer outer.Close()
	done := make(chan struct{})
	go func() {
		pipe(outer, inner)
		close(done)
	}()
	pipe(inner, outer)
	<-done
}

// pipe copies src to dst (a splice between TCP sockets) and passes the end
// of src on as a half-close.
func pipe(dst, src net.Conn) {
	io.Copy(dst, src)
	if cw, ok := dst.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	} else {
		dst.Close()
	}
}
