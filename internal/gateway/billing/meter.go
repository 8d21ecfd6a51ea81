package billing

import (
	"sync"
	"sync/atomic"
	"time"
)

// Meter meters every function of one gateway. The zero value is not ready;
// use New.
type Meter struct {
	now       func() time.Time
	functions sync.Map // function name → *function
}

// function holds one function's instances and counters. Its mutex orders
// Snapshot against Forget and guards the totals; Begin never takes it.
type function struct {
	instances sync.Map // instance id → *instance

	connections, requests             atomic.Uint64
	activeConnections, activeRequests atomic.Int64

	mu            sync.Mutex
	retiredBilled time.Duration // of forgotten instances
	retiredGBs    float64
	reported      Usage // the last snapshot, which the next never undercuts
}

// New returns a meter whose snapshots count open connections up to now();
// nil means time.Now.
func New(now func() time.Time) *Meter {
	if now == nil {
		now = time.Now
	}
	return &Meter{now: now}
}

// Begin records a WebSocket connection (or any long-lived stream) that was
// established at t on an instance of memoryMB. Call the returned func with
// the time it ended; later calls do nothing.
func (m *Meter) Begin(fn, instanceID string, memoryMB int, t time.Time) (done func(end time.Time)) {
	f := m.function(fn)
	return m.begin(f, instanceID, memoryMB, t, &f.connections, &f.activeConnections)
}

// BeginRequest is Begin for a plain HTTP request: billed the same way,
// counted apart.
func (m *Meter) BeginRequest(fn, instanceID string, memoryMB int, t time.Time) (done func(end time.Time)) {
	f := m.function(fn)
	return m.begin(f, instanceID, memoryMB, t, &f.requests, &f.activeRequests)
}

// BeginHook is Begin for a lifecycle hook call (Initializer, PreStop):
// FC bills a hook's time as it bills an invocation's ("Function instance
// lifecycle hooks"), but a hook is no request, so it is billed only.
func (m *Meter) BeginHook(fn, instanceID string, memoryMB int, t time.Time) (done func(end time.Time)) {
	return m.begin(m.function(fn), instanceID, memoryMB, t, nil, nil)
}

// begin meters one busy interval on the instance and counts it in total
// and active, when given.
func (m *Meter) begin(f *function, id string, memoryMB int, t time.Time, total *atomic.Uint64, active *atomic.Int64) func(time.Time) {
	in := f.instance(id, memoryMB)
	for !in.begin(t) { // forgotten meanwhile: meter a fresh entry
		in = f.instance(id, memoryMB)
	}
	if total != nil {
		total.Add(1)
		active.Add(1)
	}
	var ended atomic.Bool
	return func(end time.Time) {
		if ended.CompareAndSwap(false, true) {
			in.finish(end)
			if active != nil {
				active.Add(-1)
			}
		}
	}
}

func (m *Meter) function(name string) *function {
	if v, ok := m.functions.Load(name); ok {
		return v.(*function)
	}
	v, _ := m.functions.LoadOrStore(name, &function{})
	return v.(*function)
}

func (f *function) instance(id string, memoryMB int) *instance {
	if v, ok := f.instances.Load(id); ok {
		return v.(*instance)
	}
	v, _ := f.instances.LoadOrStore(id, &instance{memoryMB: memoryMB})
	return v.(*instance)
}

// Forget folds an ended instance into its function's totals and drops its
// entry, so a long-running gateway's meter does not grow with every
// instance it ever ran. Call it once the instance has ended: a later
// connection with the same id starts a new entry, which is not merged with
// the forgotten one. It reports false, and keeps the entry, while the
// instance has open connections.
func (m *Meter) Forget(fn, instanceID string) bool {
	v, ok := m.functions.Load(fn)
	if !ok {
		return true
	}
	f := v.(*function)
	f.mu.Lock()
	defer f.mu.Unlock()
	w, ok := f.instances.Load(instanceID)
	if !ok {
		return true
	}
	in := w.(*instance)
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.open > 0 {
		return false
	}
	in.retired = true
	f.instances.CompareAndDelete(instanceID, in)
	f.retiredBilled += in.billed
	f.retiredGBs += gbSeconds(in.billed, in.memoryMB)
	return true
}
