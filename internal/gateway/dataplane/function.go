package dataplane

import (
	"sync"
	"sync/atomic"
	"time"
)

// spec is a FunctionSpec ready to serve: normalized, with its key.
type spec struct {
	FunctionSpec
	key        string // instances run exactly one key
	unrunnable string // why the gateway cannot run it, or ""
	timeout    time.Duration
}

// function is one function's state: its spec over time, its instances and
// its counters. Every trigger of the function shares it, and nothing here
// is shared between functions.
type function struct {
	p     *Plane
	name  string
	specs versions[*spec]
	stats counters

	// insts is copied on write under mu and read without it by placement.
	insts atomic.Pointer[[]*inst]
	rr    atomic.Uint64 // round-robin start of the placement scan
	mu    sync.Mutex    // serialises starts, removals and drains
	prov  provisioning  // guarded by mu

	smu  sync.Mutex // guards sess; taken before mu
	sess sessions   // session affinity's table (affinity.go)
}

// list returns the current instances.
func (f *function) list() []*inst {
	if l := f.insts.Load(); l != nil {
		return *l
	}
	return nil
}

func (f *function) addLocked(in *inst) {
	next := append(append([]*inst(nil), f.list()...), in)
	f.insts.Store(&next)
}

func (f *function) remove(in *inst) {
	f.mu.Lock()
	defer f.mu.Unlock()
	old := f.list()
	next := make([]*inst, 0, len(old))
	for _, o := range old {
		if o != in {
			next = append(next, o)
		}
	}
	f.insts.Store(&next)
}

// setSpec makes s the function's spec from at on, and drains the instances
// of specs no longer wanted.
func (f *function) setSpec(s *spec, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.p.clock.Now()
	f.specs.set(s, at, now, sameSpec)
	f.drainLocked()
	f.provisionLocked()
	if d := at.Sub(now); d > 0 {
		// When s takes effect, the spec it replaces goes; its instances
		// must not wait for the next request to be drained.
		f.p.clock.AfterFunc(d, f.promote)
	}
}

// sameSpec: the same instances, the same cap and the same provisioned
// count.
func sameSpec(a, b *spec) bool {
	ra, rb := a.ReservedConcurrency, b.ReservedConcurrency
	return a.key == b.key && a.Provisioned == b.Provisioned && (ra == rb || ra != nil && rb != nil && *ra == *rb)
}

func (f *function) promote() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.specs.prune(f.p.clock.Now())
	f.drainLocked()
	f.provisionLocked()
}

// clearSpecs forgets the function: requests get 404 and every instance
// drains (its open connections run to their end or timeout).
func (f *function) clearSpecs() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.specs.clear()
	f.drainLocked()
	f.provisionLocked()
}

// drainLocked drains instances whose spec is neither in effect nor pending.
func (f *function) drainLocked() {
	live := map[string]bool{}
	for _, s := range f.specs.all() {
		live[s.key] = true
	}
	for _, in := range f.list() {
		if !live[in.spec.key] {
			in.drain()
		}
	}
}

// closeAll cuts and stops every instance for Plane.Close. Taking mu orders
// it after any start in progress, so Close waits for that one too.
func (f *function) closeAll() {
	f.mu.Lock()
	list := f.list()
	f.mu.Unlock()
	for _, in := range list {
		in.draining.Store(true)
		in.stop(ReasonClosed) // cuts its tunnels after its PreStop hook
	}
}
