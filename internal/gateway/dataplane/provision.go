package dataplane

import (
	"fmt"
	"time"
)

// Provisioned instances (FC's provision config): the plane keeps
// FunctionSpec.Provisioned instances of the spec in effect started and
// ready, so that a request or handshake finds one without a cold start.
// They take places under MaxInstances like any instance (FC's quota counts
// both kinds), are never reaped when idle nor reclaimed for others, are
// replaced when they end, and drain with their spec when the function
// changes. A lowered target stops the idle extras at once; busy ones
// become on-demand and are reaped once idle.

// provisionRetry is how soon the plane tries again when it could not keep
// the target (instance limit, reserved concurrency, a failed start).
const provisionRetry = 2 * time.Second

// provisioning is a function's provisioning state, guarded by its mu.
type provisioning struct {
	shortfall string // why fewer than the target are kept, or ""
	retry     Timer  // pending retry, or nil
}

// provisionLocked starts or stops instances until the spec in effect has
// its provisioned count of them. The caller holds f.mu.
func (f *function) provisionLocked() {
	if f.p.ctx.Err() != nil {
		return
	}
	s, ok := f.specs.at(f.p.clock.Now())
	want := 0
	if ok {
		want = s.Provisioned
	}
	var have []*inst
	for _, in := range f.list() {
		if !usable(in, s, ok) {
			in.provisioned.Store(false) // of a spec going away: drains as on-demand
			continue
		}
		if in.provisioned.Load() {
			have = append(have, in)
		}
	}
	for len(have) > want {
		in := have[len(have)-1]
		have = have[:len(have)-1]
		in.provisioned.Store(false)
		in.retire(ReasonUnprovisioned) // if busy, the idle TTL reaps it later
	}
	// Idle or busy on-demand instances of the spec are adopted first: they
	// are already started.
	for _, in := range f.list() {
		if len(have) >= want {
			break
		}
		if usable(in, s, ok) && !in.provisioned.Load() {
			in.provisioned.Store(true)
			have = append(have, in)
		}
	}
	f.prov.shortfall = ""
	if len(have) < want {
		if s.unrunnable != "" {
			f.prov.shortfall = s.unrunnable
			return
		}
		f.prov.shortfall = f.startProvisionedLocked(s, want-len(have))
	}
	if f.prov.shortfall != "" {
		f.retryProvisionLocked()
	}
}

// retryProvisionLocked calls provisionLocked again after provisionRetry,
// once however often it is asked meanwhile.
func (f *function) retryProvisionLocked() {
	if f.prov.retry != nil || f.p.ctx.Err() != nil {
		return
	}
	f.prov.retry = f.p.clock.AfterFunc(provisionRetry, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.prov.retry = nil
		f.provisionLocked()
	})
}

// usable: in serves s and is not on its way out.
func usable(in *inst, s *spec, ok bool) bool {
	return ok && in.spec.key == s.key && !in.draining.Load() && !in.dead.Load() && in.slots.Load() >= 0
}

// startProvisionedLocked starts n provisioned instances of s, and says why
// it could not start them all ("" if it did).
func (f *function) startProvisionedLocked(s *spec, n int) string {
	for range n {
		if r := s.ReservedConcurrency; r != nil && f.countLocked() >= *r {
			return fmt.Sprintf("function %q's reserved concurrency (%d) is below its provisioned target (%d)", f.name, *r, s.Provisioned)
		}
		if !f.p.reserveInstance() && !f.p.reclaimIdle() {
			return fmt.Sprintf("the local gateway's instance limit (%d) is reached; raise --max-instances or lower the target", f.p.cfg.MaxInstances)
		}
		f.startLocked(s, 0, true)
	}
	return ""
}

// replaceProvisioned is called when a provisioned instance has ended: a
// start that failed is retried after provisionRetry (a function whose code
// cannot start would otherwise spin), any other end at once.
func (f *function) replaceProvisioned(in *inst) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if in.err != nil {
		f.prov.shortfall = "instance " + in.id + " failed to start: " + in.err.Error()
		f.retryProvisionLocked()
		return
	}
	f.provisionLocked()
}

// provisionCounts returns the provisioned instances (starting or running)
// and the target in effect.
func (f *function) provisionCounts() (provisioned, target int64) {
	for _, in := range f.list() {
		if in.provisioned.Load() && !in.dead.Load() {
			provisioned++
		}
	}
	if s, ok := f.specs.at(f.p.clock.Now()); ok {
		target = int64(s.Provisioned)
	}
	return provisioned, target
}

// Provisioned reports a function's provisioned instances ready to serve
// (FC's ProvisionConfig.current) and, when the plane could not keep its
// target, why (currentError).
func (p *Plane) Provisioned(function string) (current int, shortfall string) {
	p.mu.Lock()
	f := p.functions[function]
	p.mu.Unlock()
	if f == nil {
		return 0, ""
	}
	for _, in := range f.list() {
		if in.provisioned.Load() && in.started() && !in.dead.Load() && !in.draining.Load() {
			current++
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return current, f.prov.shortfall
}
