package dataplane

import (
	"net"
	"sync"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Why a tunnel was cut, when the plane cut it on a timer.
const (
	reasonTimeout = "the function's timeout"
	reasonIdle    = "idle-drop"
)

// tunnel is one upgraded connection. It owns both sockets from the
// handshake on: one timer per connection enforces the function's timeout
// and idle-drop, and a cut closes both sockets without a close frame, so
// the client sees 1006 as on FC.
type tunnel struct {
	p        *Plane
	in       *inst
	backend  net.Conn
	deadline time.Time

	mu     sync.Mutex
	timer  Timer
	client net.Conn  // set once the client is hijacked
	ev     *evtunnel // the event loop's, once it carries the tunnel
	reason string    // why it was cut; "" while it is not
}

// newTunnel registers a connection to the instance and arms its timer.
func (p *Plane) newTunnel(in *inst, backend net.Conn, deadline time.Time) (*tunnel, bool) {
	now := p.clock.Now()
	t := &tunnel{p: p, in: in, backend: backend, deadline: deadline}
	if !in.addTunnel(t) {
		backend.Close()
		return nil, false
	}
	t.mu.Lock()
	t.timer = p.clock.AfterFunc(t.nextCheck(t.deadline.Sub(now)), t.tick)
	t.mu.Unlock()
	return t, true
}

// nextCheck is when the timer must look again, with left until the timeout.
func (t *tunnel) nextCheck(left time.Duration) time.Duration {
	if d := t.p.cfg.IdleDrop; d > 0 && d < left {
		return d
	}
	return left
}

// tick is the timer: cut at the deadline, or when idle for IdleDrop.
func (t *tunnel) tick() {
	left := t.deadline.Sub(t.p.clock.Now())
	if left <= 0 {
		t.cut(reasonTimeout)
		return
	}
	next := t.nextCheck(left)
	if drop := t.p.cfg.IdleDrop; drop > 0 {
		t.mu.Lock()
		client, ev := t.client, t.ev
		t.mu.Unlock()
		if client != nil {
			var idle time.Duration
			var ok bool
			if ev != nil {
				idle, ok = ev.idleFor()
			} else {
				idle, ok = idleFor(client, t.backend)
			}
			if ok {
				if idle >= drop {
					t.cut(reasonIdle)
					return
				}
				next = min(drop-idle, left)
			}
		}
	}
	t.mu.Lock()
	if t.reason == "" {
		t.timer.Reset(next)
	}
	t.mu.Unlock()
}

// cut ends the connection at once: both sockets close, no close frame.
func (t *tunnel) cut(reason string) {
	t.mu.Lock()
	if t.reason != "" {
		t.mu.Unlock()
		return
	}
	t.reason = reason
	client, ev := t.client, t.ev
	t.mu.Unlock()
	t.p.cfg.Logger.Debug("connection cut", "function", t.in.spec.Name, "instance", t.in.id, "reason", reason)
	if ev != nil && ev.cut() {
		return
	}
	t.backend.Close()
	if client != nil {
		client.Close()
	}
}

// finishGrace bounds how long a tunnel outlives its instance: the relay
// passes on what the instance sent before it ended, then the end, and a
// client that has not closed its side by then is cut. It is wall-clock
// time, not the plane's clock: it bounds a flush on this machine, not a
// duration FC defines.
const finishGrace = 2 * time.Second

// finish ends the connection of an instance that has ended: the relay
// carries on until the instance's bytes and its end have reached the
// client (a close frame its server sent on the way out arrives, where a
// cut would have dropped it and the client seen 1006), and it is cut
// after finishGrace if it has not ended by then. A connection still in
// its handshake is cut at once.
func (t *tunnel) finish(reason string) {
	t.mu.Lock()
	attached, ended := t.client != nil, t.reason != ""
	t.mu.Unlock()
	switch {
	case ended:
	case !attached:
		t.cut(reason)
	default:
		time.AfterFunc(finishGrace, func() { t.cut(reason) })
	}
}

// attach hands the hijacked client socket to the tunnel, unless the
// tunnel was cut meanwhile.
func (t *tunnel) attach(client net.Conn) bool {
	_ = client.SetDeadline(time.Time{}) // the server's deadlines end here
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.reason != "" {
		client.Close()
		return false
	}
	t.client = client
	t.in.f.stats.conns.Add(1)
	return true
}

// start carries the connection's bytes until both directions end, then
// releases the tunnel and runs finish. On the event loop nothing waits
// meanwhile; the goroutine relay, the fallback, takes two goroutines.
func (t *tunnel) start(finish func()) {
	done := func() {
		t.end()
		finish()
	}
	if ev := t.onLoop(done); ev != nil {
		t.mu.Lock()
		cut := t.reason != ""
		t.ev = ev
		t.mu.Unlock()
		if cut { // before the loop had the sockets: they are its to close
			ev.fail()
			return
		}
		ev.run()
		return
	}
	go func() {
		relay(t.client, t.backend)
		done()
	}()
}

// onLoop moves the tunnel onto an event loop, unless the plane keeps to
// the goroutine relay or there is none.
func (t *tunnel) onLoop(done func()) *evtunnel {
	if t.p.cfg.GoroutineRelay {
		return nil
	}
	return loopStart(t.client, t.backend, done)
}

// end releases everything the tunnel holds.
func (t *tunnel) end() {
	t.mu.Lock()
	if t.reason == "" {
		t.reason = "ended"
	}
	t.timer.Stop()
	client := t.client
	t.mu.Unlock()
	t.backend.Close()
	if client != nil {
		client.Close()
		t.in.f.stats.conns.Add(-1)
	}
	t.in.removeTunnel(t)
}

// failure is the answer to a handshake that failed on the instance's side.
func (t *tunnel) failure(err error) *Failure {
	t.mu.Lock()
	reason := t.reason
	t.mu.Unlock()
	s := t.in.spec
	switch reason {
	case reasonTimeout:
		return failFunction(t.in, fcspec.CodeFunctionTimeout, "function %q did not answer the handshake within its timeout of %d seconds", s.Name, s.TimeoutSeconds)
	case "":
		return failFunction(t.in, fcspec.CodeFunctionCrashed, "instance %s of function %q failed before answering the handshake: %v", t.in.id, s.Name, err)
	default:
		return failFunction(t.in, fcspec.CodeFunctionCrashed, "%s before answering the handshake", reason)
	}
}
