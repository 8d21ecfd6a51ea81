package dataplane

import (
	"context"
	"net"
	"syscall"
	"time"
)

// clientKeepAlive is the TCP keep-alive of clients' connections: Go's
// default for accepted connections, so that a client that vanished
// (a laptop asleep, a cable out) is found within minutes.
var clientKeepAlive = net.KeepAliveConfig{Enable: true, Idle: 15 * time.Second, Interval: 15 * time.Second, Count: 9}

// Listen opens a listener for clients: a trigger's, or the custom
// domains'. Go sets the keep-alive options on each accepted connection,
// four system calls of a handshake's fifty; where the kernel lets accepted
// connections inherit them from the listening socket (Linux), they are
// set once on it instead.
func Listen(addr string) (net.Listener, error) {
	lc := net.ListenConfig{KeepAliveConfig: clientKeepAlive}
	if keepAliveInherited {
		lc = net.ListenConfig{KeepAlive: -1, Control: inheritKeepAlive}
	}
	return lc.Listen(context.Background(), "tcp", addr)
}

// inheritKeepAlive sets clientKeepAlive on the listening socket.
func inheritKeepAlive(_, _ string, c syscall.RawConn) error {
	var err error
	if cerr := c.Control(func(fd uintptr) { err = setKeepAlive(int(fd), clientKeepAlive) }); cerr != nil {
		return cerr
	}
	return err
}
