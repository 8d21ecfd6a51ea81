package dataplane

import "sort"

// Function Compute's account limit counts instances that process requests
// ("the maximum number of on-demand instances that concurrently process
// requests"); between requests an instance is frozen and is destroyed after
// a few idle minutes. So at the limit an idle instance of any function
// gives way to a new one rather than holding the quota until it is reaped:
// the gateway stops the least recently used idle instance and hands its
// place to the new one. See docs/gateway.md, "Instance limit".

// reclaimIdle makes room for one new instance at MaxInstances by retiring
// the least recently used idle instance, and reports whether the caller
// now holds a place under the limit.
func (p *Plane) reclaimIdle() bool {
	for _, in := range p.idleByAge() {
		if !in.retire(ReasonReclaimed) {
			continue // taken again, or retired by someone else, meanwhile
		}
		if in.takePlace() || p.reserveInstance() {
			// Its place passes to the caller; or it ended by itself in
			// the meantime and gave its place back, which is now free.
			return true
		}
	}
	return false
}

// idleByAge lists the started instances that hold nothing, of every
// function, the longest idle first.
func (p *Plane) idleByAge() []*inst {
	p.mu.Lock()
	fs := make([]*function, 0, len(p.functions))
	for _, f := range p.functions {
		fs = append(fs, f)
	}
	p.mu.Unlock()
	var idle []*inst
	for _, f := range fs {
		for _, in := range f.list() {
			if in.slots.Load() == 0 && in.started() && !in.dead.Load() && !in.provisioned.Load() {
				idle = append(idle, in)
			}
		}
	}
	sort.Slice(idle, func(i, j int) bool { return idle[i].idleSince.Load() < idle[j].idleSince.Load() })
	return idle
}
