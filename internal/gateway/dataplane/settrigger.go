package dataplane

import (
	"fmt"
	"time"
)

// SetTrigger makes t the trigger's configuration from at on and returns
// where it is served. The listener is bound at once (on t.Port, or a free
// port when 0) and answers 404 until the first configuration takes effect;
// a changed trigger keeps its previous behaviour until at. For FC's
// behaviour pass now+Delay() for a create or update, and the zero time for
// triggers restored at start-up.
func (p *Plane) SetTrigger(t Trigger, at time.Time) (Endpoint, error) {
	nt, err := t.normalized()
	if err != nil {
		return Endpoint{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return Endpoint{}, ErrClosed
	}
	tr := p.triggers[nt.URLID]
	switch {
	case tr == nil:
		if tr, err = p.listen(nt.URLID, p.functionLocked(nt.Function), nt.Port); err != nil {
			return Endpoint{}, err
		}
		p.triggers[nt.URLID] = tr
	case tr.fn.name != nt.Function:
		return Endpoint{}, fmt.Errorf("trigger %s belongs to function %q, not %q", nt.URLID, tr.fn.name, nt.Function)
	case nt.Port != 0 && nt.Port != tr.port:
		return Endpoint{}, fmt.Errorf("trigger %s is served on port %d, not %d: a trigger's port never changes", nt.URLID, tr.port, nt.Port)
	}
	tr.mu.Lock()
	if tr.closing != nil { // deleted, and now back before its listener closed
		tr.closing.Stop()
		tr.closing = nil
	}
	tr.mu.Unlock()
	nt.Port = tr.port
	tr.cfg.set(&nt, at, p.clock.Now(), sameTrigger)
	return p.endpoint(tr), nil
}

// DeleteTrigger stops serving a trigger at once: its URL answers 404 (FC
// documents a cache delay for new and changed triggers only, and a deleted
// trigger must not start instances of a function about to be deleted).
// The listener closes after the propagation delay, which frees the port;
// connections already open run on.
func (p *Plane) DeleteTrigger(urlID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	tr := p.triggers[urlID]
	if tr == nil {
		return
	}
	tr.cfg.clear()
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if tr.closing == nil {
		tr.deletions++
		n := tr.deletions
		tr.closing = p.clock.AfterFunc(p.cfg.PropagationDelay, func() { p.forget(tr, n) })
	}
}

// forget closes a deleted trigger's listener unless it came back since
// deletion number n.
func (p *Plane) forget(tr *trigger, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	tr.mu.Lock()
	stale := tr.closing == nil || tr.deletions != n
	tr.mu.Unlock()
	if stale || p.triggers[tr.urlID] != tr {
		return
	}
	delete(p.triggers, tr.urlID)
	_ = tr.srv.Close()
}
