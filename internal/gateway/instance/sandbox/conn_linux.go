package sandbox

import (
	"net"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Conn is a connection to the instance's server. It is the socket init
// made, under the runtime's poller as it is: net.FileConn would duplicate
// it and set TCP options on the copy, ten system calls of the fifty a
// proxied handshake costs (docs/BENCHMARKS.md), for a connection that
// never leaves this machine (no keep-alive needed; init sets TCP_NODELAY
// on the sockets it makes).
type Conn struct {
	f     *os.File
	raddr *net.TCPAddr
}

func newConn(fd int, raddr *net.TCPAddr) *Conn {
	return &Conn{f: os.NewFile(uintptr(fd), "instance "+raddr.String()), raddr: raddr}
}

func (c *Conn) Read(p []byte) (int, error)  { return c.f.Read(p) }
func (c *Conn) Write(p []byte) (int, error) { return c.f.Write(p) }
func (c *Conn) Close() error                { return c.f.Close() }

// LocalAddr is the namespace's address; the port, which would cost a
// getsockname per connection, is left out.
func (c *Conn) LocalAddr() net.Addr  { return &net.TCPAddr{IP: Addr.AsSlice()} }
func (c *Conn) RemoteAddr() net.Addr { return c.raddr }

func (c *Conn) SetDeadline(t time.Time) error      { return c.f.SetDeadline(t) }
func (c *Conn) SetReadDeadline(t time.Time) error  { return c.f.SetReadDeadline(t) }
func (c *Conn) SetWriteDeadline(t time.Time) error { return c.f.SetWriteDeadline(t) }

// SyscallConn reaches the socket, as a TCP connection's does.
func (c *Conn) SyscallConn() (syscall.RawConn, error) { return c.f.SyscallConn() }

// CloseWrite sends a FIN, as a TCP connection's does.
func (c *Conn) CloseWrite() error {
	rc, err := c.f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = unix.Shutdown(int(fd), unix.SHUT_WR) }); err != nil {
		return err
	}
	if serr != nil {
		return &net.OpError{Op: "close", Net: "tcp", Source: c.LocalAddr(), Addr: c.raddr, Err: os.NewSyscallError("shutdown", serr)}
	}
	return nil
}
