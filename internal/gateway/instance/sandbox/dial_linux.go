package sandbox

import (
	"context"
	"net"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// Dial connects to the instance's server at Addr:port, through a socket
// made inside its network namespace.
func (c *Channel) Dial(ctx context.Context, port int) (*Conn, error) {
	raddr := &net.TCPAddr{IP: Addr.AsSlice(), Port: port}
	fail := func(err error) (*Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Addr: raddr, Err: err}
	}
	fd, err := c.socket(ctx)
	if err != nil {
		return fail(err)
	}
	err = unix.Connect(fd, &unix.SockaddrInet4{Port: port, Addr: Addr.As4()})
	if err == unix.EINPROGRESS {
		err = waitConnected(ctx, fd)
	}
	if err != nil {
		unix.Close(fd)
		return fail(os.NewSyscallError("connect", err))
	}
	return newConn(fd, raddr), nil
}

// socket takes a socket from the pool, asking init for more when it runs
// low, and waiting for them when it is empty.
func (c *Channel) socket(ctx context.Context) (int, error) {
	for {
		select {
		case fd := <-c.pool:
			return c.took(fd), nil
		default:
		}
		refused := c.whenRefused()
		c.ask(poolRefill)
		select {
		case fd := <-c.pool:
			// More may wait than one refill brings: whoever takes the
			// last asks for more, or the rest wait in vain.
			return c.took(fd), nil
		case <-refused:
			return -1, c.refusal()
		case <-c.closed:
			return -1, errInitExited
		case <-ctx.Done():
			return -1, ctx.Err()
		}
	}
}

// took tops the pool up when taking fd left it low, and returns fd.
func (c *Channel) took(fd int) int {
	if len(c.pool) < poolLow {
		c.ask(poolRefill)
	}
	return fd
}

// connectPoll is how long one wait for a connect lasts before ctx is
// looked at again. On the instance's loopback a connect completes at once;
// only a server whose accept queue is full makes it wait.
const connectPoll = 50 * time.Millisecond

// waitConnected waits for a non-blocking connect to finish.
func waitConnected(ctx context.Context, fd int) error {
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
	for {
		n, err := unix.Poll(pfd, int(connectPoll/time.Millisecond))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if n > 0 {
			soerr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
			if err != nil {
				return err
			}
			if soerr != 0 {
				return unix.Errno(soerr)
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}
