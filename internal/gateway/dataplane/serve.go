package dataplane

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// ServeHTTP is the whole life of a request to the trigger: FC's checks in
// FC's order, then placement, then the proxy or the tunnel.
func (t *trigger) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := t.p
	now := p.clock.Now()
	reqID, seq := p.ids.next()
	w.Header().Set(headerRequestID, reqID)
	st := &t.fn.stats

	cfg, _ := t.cfg.at(now)
	if fl := p.check(r, cfg, now); fl != nil {
		p.refuse(w, r, st, fl)
		return
	}
	p.serveFunction(w, r, t.fn, reqID, seq, now, "trigger "+strconv.Quote(cfg.Name))
}

// serveFunction serves a request that passed its entry's checks (a
// trigger's or a custom domain's, named by via) on an instance of fn.
func (p *Plane) serveFunction(w http.ResponseWriter, r *http.Request, fn *function, reqID string, seq uint64, now time.Time, via string) {
	st := &fn.stats
	s, ok := fn.specs.at(now)
	if !ok {
		p.refuse(w, r, st, fail(fcspec.CodeFunctionNotFound, "function %q of %s does not exist", fn.name, via))
		return
	}
	if s.unrunnable != "" {
		p.refuse(w, r, st, fail(fcspec.CodeNotSupportedLocally, "function %q cannot run on the local gateway: %s", s.Name, s.unrunnable))
		return
	}
	if fl := p.cfg.Fault.inject(seq); fl != nil {
		p.refuse(w, r, st, fl)
		return
	}
	var b *binding // the request's session, with session affinity
	if s.Affinity != nil {
		var fl *Failure
		if b, fl = sessionOf(r, s.Affinity); fl != nil {
			p.refuse(w, r, st, fl)
			return
		}
		b.reply(w.Header(), s.Affinity, r.TLS != nil)
	}
	// A handshake that met an instance in the middle of dying is placed
	// again, once (see serveUpgrade).
	for retry := isUpgrade(r) && r.ContentLength == 0; ; retry = false {
		in, fl := fn.place(r, s, b)
		if fl == errGone {
			return
		}
		if fl != nil {
			p.refuse(w, r, st, fl)
			return
		}
		if !p.serveOn(w, r, s, in, reqID, retry, b) {
			return
		}
	}
}

// place is acquire, by session when the request has one.
func (f *function) place(r *http.Request, s *spec, b *binding) (*inst, *Failure) {
	if b == nil {
		return f.acquire(r.Context(), s)
	}
	in, fl := f.acquireSession(r, s, b)
	if fl != nil && b.s != nil {
		f.endRequest(b) // the cold start failed or the client left
	}
	return in, fl
}

// serveOn serves the request on in, which holds a slot for it, and
// reports whether it should be placed again (only if retry). The end of
// the request or tunnel also ends its use of session b, if any.
func (p *Plane) serveOn(w http.ResponseWriter, r *http.Request, s *spec, in *inst, reqID string, retry bool, b *binding) bool {
	upgrade := isUpgrade(r)
	begin := p.cfg.Meter.BeginRequest
	if upgrade {
		begin = p.cfg.Meter.Begin
	}
	// The function's timeout and its bill both run from here.
	began := p.clock.Now()
	done := begin(s.Name, in.id, s.MemoryMB, began)
	finish := func() {
		done(p.clock.Now())
		if b != nil {
			in.f.endRequest(b)
		}
		in.release()
	}
	h := newFCHeaders(p, reqID, in)
	deadline := began.Add(s.timeout)
	if upgrade {
		// A tunnel outlives this handler and calls finish when it ends.
		return p.serveUpgrade(w, r, in, &h, deadline, retry, finish)
	}
	defer finish()
	p.serveProxy(w, r, in, &h, deadline)
	return false
}

// refuse answers r with the gateway's own error and counts it.
func (p *Plane) refuse(w http.ResponseWriter, r *http.Request, st *counters, fl *Failure) {
	fl.answer(w, r)
	st.request(fl.Status, fl.Type)
}

// isUpgrade reports whether r asks to switch protocols (a WebSocket
// handshake, or any other upgrade, which is tunnelled the same way).
func isUpgrade(r *http.Request) bool {
	if r.Header.Get("Upgrade") == "" {
		return false
	}
	for _, v := range r.Header["Connection"] {
		for _, tok := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(tok), "upgrade") {
				return true
			}
		}
	}
	return false
}
