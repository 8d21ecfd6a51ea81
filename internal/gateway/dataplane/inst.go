package dataplane

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
)

// inst is one instance as placement sees it, from the moment it is chosen
// to start until its process is gone.
type inst struct {
	f    *function
	spec *spec
	id   string // FC_INSTANCE_ID, known before the process starts
	conc int32  // the spec's instance concurrency

	// slots counts the requests and connections that hold the instance,
	// including those queued while it starts; -1 means retired: it takes
	// nothing new and is being stopped.
	slots     atomic.Int32
	draining  atomic.Bool  // its spec is no longer wanted
	stopping  atomic.Bool  // stop was called
	dead      atomic.Bool  // its process ended or never started
	idleSince atomic.Int64 // clock time in ns of the last release
	idle      Timer        // the idle TTL's timer; see reapIfIdle
	// placeTaken is set by whoever takes the instance's place under
	// MaxInstances: its end (gone), or a new instance it was reclaimed
	// for (reclaimIdle). Only the first may use it.
	placeTaken atomic.Bool
	// provisioned: kept for the function's provision config, never
	// reaped when idle nor reclaimed for another instance.
	provisioned atomic.Bool

	ready chan struct{}      // closed once the start ended, well or not
	ended chan struct{}      // closed once it is out of placement for good (gone)
	proc  *instance.Instance // set before ready is closed, on success
	err   error              // set before ready is closed, on failure
	creds roleCredentials    // its function role's, if any

	mu      sync.Mutex
	tunnels map[*tunnel]struct{} // upgraded connections, cut when it dies
	reason  string               // why the plane stopped it
}

// tryAcquire takes a slot if the instance has one free.
func (in *inst) tryAcquire() bool {
	for {
		n := in.slots.Load()
		if n < 0 || n >= in.conc {
			return false
		}
		if in.slots.CompareAndSwap(n, n+1) {
			break
		}
	}
	// A drain or death may have happened between the load and the CAS.
	if in.draining.Load() || in.dead.Load() {
		in.release()
		return false
	}
	return true
}

// release gives a slot back. The last one out of a drained instance stops
// it. The idle time is stamped before the slot is free, so whoever sees
// the instance idle also sees since when; the idle timer re-arms itself
// and costs a release nothing more.
func (in *inst) release() {
	in.idleSince.Store(in.f.p.clock.Now().UnixNano())
	if in.slots.Add(-1) != 0 {
		return
	}
	switch {
	case in.dead.Load():
		in.forget()
	case in.draining.Load():
		in.retire(ReasonDrained)
	}
}

// takePlace claims the instance's place under MaxInstances; it is true
// for the first caller only.
func (in *inst) takePlace() bool { return !in.placeTaken.Swap(true) }

// started reports whether the instance's process started and serves.
func (in *inst) started() bool {
	select {
	case <-in.ready:
		return in.proc != nil
	default:
		return false
	}
}

// retire stops the instance if nothing holds it, and reports whether it did.
func (in *inst) retire(reason string) bool {
	if in.f.p.ctx.Err() != nil || !in.slots.CompareAndSwap(0, -1) {
		return false // a closing plane stops every instance itself
	}
	in.stop(reason)
	return true
}

// stop ends the process in the background, once it has started; the
// instance's run goroutine notices the end and cleans up.
func (in *inst) stop(reason string) {
	if in.stopping.Swap(true) {
		return // already on its way out, with its PreStop hook
	}
	in.mu.Lock()
	in.reason = reason
	in.mu.Unlock()
	in.idle.Stop()
	go func() {
		<-in.ready
		if in.proc == nil {
			return
		}
		// SIGTERM only once the PreStop hook answered or timed out. The
		// connections still open (a closing gateway's) end with the
		// process, after what it sent: a close frame its hook or its
		// SIGTERM handler queued reaches the client (finishTunnels).
		in.preStop()
		in.proc.Stop(in.f.p.cfg.StopGrace)
	}()
}

// forget folds the metered use of an ended instance into its function's
// totals, once nothing is open on it; whichever of the instance's end and
// its last release comes second does it.
func (in *inst) forget() {
	if in.slots.Load() <= 0 {
		in.f.p.cfg.Meter.Forget(in.spec.Name, in.id)
	}
}

// reapIfIdle is the idle timer: it stops the instance once it has been
// idle for IdleTTL, and otherwise looks again when that could be true.
func (in *inst) reapIfIdle() {
	ttl := in.f.p.cfg.IdleTTL
	switch n := in.slots.Load(); {
	case n < 0 || in.dead.Load():
		return // retired or gone
	case n > 0 || in.provisioned.Load() || in.f.holdsSessions(in):
		in.idle.Reset(ttl)
		return
	}
	idle := time.Duration(in.f.p.clock.Now().UnixNano() - in.idleSince.Load())
	if idle < ttl {
		in.idle.Reset(ttl - idle)
		return
	}
	if !in.retire(ReasonIdle) && in.slots.Load() >= 0 {
		in.idle.Reset(ttl) // taken again meanwhile
	}
}

// drain takes the instance out of placement; it stops now if idle, or when
// its last connection ends.
func (in *inst) drain() {
	in.draining.Store(true)
	in.retire(ReasonDrained)
}

func (in *inst) addTunnel(t *tunnel) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.dead.Load() {
		return false
	}
	in.tunnels[t] = struct{}{}
	return true
}

func (in *inst) removeTunnel(t *tunnel) {
	in.mu.Lock()
	delete(in.tunnels, t)
	in.mu.Unlock()
}

// finishTunnels ends every upgraded connection of an instance that has
// ended: what it sent still reaches its client, then the end, with no
// close frame of the gateway's (a client of a crashed FC instance sees
// 1006).
func (in *inst) finishTunnels(reason string) {
	in.mu.Lock()
	ts := make([]*tunnel, 0, len(in.tunnels))
	for t := range in.tunnels {
		ts = append(ts, t)
	}
	in.mu.Unlock()
	for _, t := range ts {
		t.finish(reason)
	}
}
