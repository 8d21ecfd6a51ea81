package dataplane

import (
	"context"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// errGone is acquire's answer when the client left while it waited: there
// is nobody to answer.
var errGone = &Failure{Status: fcspec.CodeClientClosedRequest.TriggerStatus(), Code: fcspec.CodeClientClosedRequest, Message: "the client went away during a cold start"}

// acquire places one request or connection on an instance of s: a free slot
// on a running or starting instance, else a new instance, else 429. It
// returns once the instance is ready.
func (f *function) acquire(ctx context.Context, s *spec) (*inst, *Failure) {
	in := f.pick(s)
	if in == nil {
		var fl *Failure
		if in, fl = f.pickOrStart(s); fl != nil {
			return nil, fl
		}
	}
	return f.await(ctx, in)
}

// await waits until in, where the caller holds a slot, is ready.
func (f *function) await(ctx context.Context, in *inst) (*inst, *Failure) {
	select {
	case <-in.ready:
	default:
		f.stats.coldWaits.Add(1) // this one waits for a cold start
	}
	select {
	case <-in.ready:
	case <-ctx.Done():
		in.release()
		return nil, errGone
	}
	if in.err != nil {
		in.release()
		return nil, startFailure(in)
	}
	return in, nil
}

// pick takes a free slot without locking. The scan starts at a rotating
// index, so placement is not sticky: consecutive connections of one client
// spread over the free instances, as on FC.
func (f *function) pick(s *spec) *inst { return f.pickWhere(s, nil) }

// pickWhere is pick among the instances that ok accepts (nil: all).
func (f *function) pickWhere(s *spec, ok func(*inst) bool) *inst {
	list := f.list()
	n := uint64(len(list))
	if n == 0 {
		return nil
	}
	start := f.rr.Add(1)
	for i := range n {
		if in := list[(start+i)%n]; in.spec.key == s.key && (ok == nil || ok(in)) && in.tryAcquire() {
			return in
		}
	}
	return nil
}

// pickOrStart is the slow path, under the function's lock so that
// concurrent arrivals start only as many instances as they need: the
// first starts one, the next ones queue on it up to its concurrency.
func (f *function) pickOrStart(s *spec) (*inst, *Failure) { return f.pickOrStartWhere(s, nil) }

// pickOrStartWhere is pickOrStart among the instances that ok accepts.
func (f *function) pickOrStartWhere(s *spec, ok func(*inst) bool) (*inst, *Failure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if in := f.pickWhere(s, ok); in != nil {
		return in, nil
	}
	if f.p.ctx.Err() != nil {
		return nil, fail(fcspec.CodeServiceUnavailable, "the local gateway is shutting down")
	}
	if r := s.ReservedConcurrency; r != nil {
		for f.countLocked() >= *r {
			if !f.evictIdleLocked(s.key) {
				return nil, fail(fcspec.CodeResourceExhausted,
					"function %q is throttled: its reserved concurrency is %d and every instance is busy (instance concurrency %d); retry later, or raise the reserved concurrency",
					f.name, *r, s.InstanceConcurrency)
			}
		}
	}
	if !f.p.reserveInstance() && !f.p.reclaimIdle() {
		return nil, fail(fcspec.CodeResourceExhausted,
			"the local gateway already runs %d instances, its limit, and every one is busy; retry later, or raise the gateway's instance limit", f.p.cfg.MaxInstances)
	}
	return f.startLocked(s, 1, false), nil
}

// startLocked starts an instance of s that holds held slots at once (the
// request that wanted it, or none for a provisioned one). The caller holds
// f.mu and a place under MaxInstances.
func (f *function) startLocked(s *spec, held int32, provisioned bool) *inst {
	in := &inst{
		f:       f,
		spec:    s,
		id:      instance.NewInstanceID(),
		conc:    int32(s.InstanceConcurrency),
		ready:   make(chan struct{}),
		ended:   make(chan struct{}),
		tunnels: map[*tunnel]struct{}{},
	}
	in.slots.Store(held)
	in.provisioned.Store(provisioned)
	in.idleSince.Store(f.p.clock.Now().UnixNano())
	in.idle = f.p.clock.AfterFunc(f.p.cfg.IdleTTL, in.reapIfIdle)
	f.addLocked(in)
	f.stats.instances.Add(1)
	f.p.wg.Add(1)
	go f.run(in)
	return in
}

// countLocked counts the instances that reserved concurrency caps: those
// starting or serving, not those on their way out.
func (f *function) countLocked() int {
	n := 0
	for _, in := range f.list() {
		if in.slots.Load() >= 0 && !in.draining.Load() && !in.dead.Load() {
			n++
		}
	}
	return n
}

// evictIdleLocked retires an idle instance of another spec, which makes
// room for the current one when an update and a request race.
func (f *function) evictIdleLocked(key string) bool {
	for _, in := range f.list() {
		if in.spec.key != key && in.retire(ReasonDrained) {
			return true
		}
	}
	return false
}
