package dataplane

import (
	"net"
	"sync/atomic"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// The data plane's share of the open-file limit. Each connection may hold
// two descriptors (the client's and one to an instance); the reserve is
// left to the control API's connections, instances' pipes and log files,
// the store and spooled request bodies, so that the control API can
// always accept, however many clients hold the triggers.
const (
	fdReserveMin    = 512  // descriptors, at least
	fdReservePct    = 5    // of the limit, when that is more
	connsUnknownFDs = 4096 // the cap where the limit is unknown
)

// pressedHeaderTimeout replaces readHeaderTimeout for a connection that
// arrives while its trigger or the whole plane holds more than three
// quarters of its cap: half-open connections then go in seconds.
const pressedHeaderTimeout = 5 * time.Second

// connCap is the data plane's connection cap for an open-file limit.
func connCap(fdLimit int) int {
	if fdLimit <= 0 {
		return connsUnknownFDs
	}
	reserve := min(max(fdReserveMin, fdLimit*fdReservePct/100), fdLimit/2)
	return max((fdLimit-reserve)/2, 1)
}

// DefaultMaxConnections is the connection cap that Limits takes when
// MaxConnections is 0: what this process's open-file limit leaves after
// the reserve (see connCap).
func DefaultMaxConnections() int { return connCap(openFileLimit()) }

// MaxConnections is the cap on client connections to all triggers
// together (Config.MaxConnections, or the one derived from the open-file
// limit).
func (p *Plane) MaxConnections() int { return int(p.conns.max) }

// goHeaderTooLarge is what Go's server writes, straight to the connection,
// when a header block passes MaxHeaderBytes; capConn answers FC's 400
// instead.
const goHeaderTooLarge = "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large"

// capListener admits a trigger's connections while both the trigger and
// the plane are under their caps (a custom domain listener's while the
// plane is), and refuses the others at once with FC's 503, so that they
// cost a descriptor for no longer than an accept.
type capListener struct {
	net.Listener
	t capOwner
}

// capOwner is what a listener's connections count against: a trigger, or
// the custom domains' listeners (Domains).
type capOwner interface {
	admit() *Failure
	release()
	pressed() bool
	plane() *Plane
	// counted counts an answer the connection layer gave itself.
	counted(fl *Failure)
}

func (l capListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		tc, ok := c.(*net.TCPConn)
		if !ok {
			return c, nil // net.Listen("tcp") gives TCP connections only
		}
		if fl := l.t.admit(); fl != nil {
			refuseConn(l.t, tc, fl)
			continue
		}
		return &capConn{TCPConn: tc, t: l.t}, nil
	}
}

// admit counts a new connection against the plane's and the trigger's caps.
func (t *trigger) admit() *Failure {
	p := t.p
	if fl := p.admitConn(); fl != nil {
		return fl
	}
	if !t.conns.take(1) {
		p.conns.give(1)
		return fail(fcspec.CodeResourceThrottled,
			"trigger %q holds %d connections, its cap (MaxTriggerConnections): retry with exponential backoff", t.urlID, t.conns.max)
	}
	return nil
}

// admitConn counts a new connection against the plane's cap.
func (p *Plane) admitConn() *Failure {
	if !p.conns.take(1) {
		return fail(fcspec.CodeResourceThrottled,
			"the gateway holds %d connections, its cap (derived from the open-file limit, or set with MaxConnections): retry with exponential backoff", p.conns.max)
	}
	return nil
}

func (t *trigger) release() {
	t.conns.give(1)
	t.p.conns.give(1)
}

// pressed reports whether new connections should get the short header
// timeout.
func (t *trigger) pressed() bool { return t.conns.pressed() || t.p.conns.pressed() }

func (t *trigger) plane() *Plane       { return t.p }
func (t *trigger) counted(fl *Failure) { t.fn.stats.request(fl.Status, fl.Type) }

// refuseConn answers fl on a connection that was not admitted and closes it.
func refuseConn(t capOwner, c *net.TCPConn, fl *Failure) {
	reqID, _ := t.plane().ids.next()
	_ = c.SetWriteDeadline(time.Now().Add(time.Second)) // an empty send buffer takes it at once
	_, _ = c.Write(rawResponse(fl, reqID))
	_ = c.Close()
	t.counted(fl)
}

// capConn is an admitted connection: its Close gives its place back, and
// it keeps Go's server within FC's behaviour. Hijacked for a tunnel, it is
// the tunnel's client socket, so tunnels count too. It embeds the TCP
// connection so that the tunnel still reaches the socket (SyscallConn,
// CloseWrite).
type capConn struct {
	*net.TCPConn
	t      capOwner
	closed atomic.Bool
	tunnel atomic.Bool // hijacked: Write carries a tunnel's bytes as they are
}

func (c *capConn) Close() error {
	err := c.TCPConn.Close()
	if c.closed.CompareAndSwap(false, true) {
		c.t.release()
	}
	return err
}

// SetReadDeadline shortens the deadlines Go's server sets (the header
// timeout, the keep-alive idle timeout) to pressedHeaderTimeout while the
// caps are nearly reached.
func (c *capConn) SetReadDeadline(d time.Time) error {
	if !d.IsZero() && c.t.pressed() {
		if short := time.Now().Add(pressedHeaderTimeout); d.After(short) {
			d = short
		}
	}
	return c.TCPConn.SetReadDeadline(d)
}

// Write answers FC's 400 where Go's server answers 431 to a header block
// over MaxHeaderBytes (its own plain text, written in one call before it
// closes the connection). A tunnel's bytes are never rewritten, whatever
// the function sends.
func (c *capConn) Write(b []byte) (int, error) {
	if len(b) == len(goHeaderTooLarge) && !c.tunnel.Load() && string(b) == goHeaderTooLarge {
		fl := fail(fcspec.CodeInvalidArgument,
			"the request's headers take more than %d bytes; Function Compute accepts at most %d", maxHeaderBytes, maxHeaderBlock)
		reqID, _ := c.t.plane().ids.next()
		c.t.counted(fl)
		if _, err := c.TCPConn.Write(rawResponse(fl, reqID)); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	return c.TCPConn.Write(b)
}

// keepPlace closes c's socket but keeps its place under the caps until
// done has run: the event loop carries the connection on a duplicate
// descriptor from then on.
func keepPlace(c net.Conn, done func()) func() {
	cc, ok := c.(*capConn)
	if !ok || !cc.closed.CompareAndSwap(false, true) {
		c.Close()
		return done
	}
	cc.TCPConn.Close()
	return func() {
		done()
		cc.t.release()
	}
}
