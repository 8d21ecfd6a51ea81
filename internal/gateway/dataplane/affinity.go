package dataplane

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Session affinity (FC's sessionAffinity, see docs/gateway.md "Session
// affinity"): a function with it places each request by its session id,
// read from a request header (HEADER_FIELD) or from the gateway's cookie
// (GENERATED_COOKIE). A session is bound to one instance from its first
// request until it expires (TTL from its creation, or idle timeout from the
// end of its last request or connection), is deleted through the Session
// API, or its instance dies, when it moves to a new one. An instance takes
// at most SessionsPerInstance live sessions; a session's requests share the
// instance's concurrency (200) with its other sessions, and past it are
// throttled (429) rather than moved.

// SessionCookie is the cookie that carries a GENERATED_COOKIE session id.
// FC's cookie name is unconfirmed: docs/gateway.md says so.
const SessionCookie = "x-fc-session-id"

// maxEndedSessions bounds the ended sessions a function remembers (for
// ListSessions and disableSessionIdReuse); the oldest are forgotten first.
const maxEndedSessions = 10000

// Affinity is a function's session affinity.
type Affinity struct {
	Type                string // fcspec.AffinityHeaderField or fcspec.AffinityCookie
	Header              string // the session header (HEADER_FIELD)
	SessionsPerInstance int    // default fcspec.DefaultSessionsPerInstance
	TTLSeconds          int    // default fcspec.DefaultSessionTTL
	// IdleSeconds ends a session that had no request or connection open
	// for this long; 0: no idle timeout.
	IdleSeconds  int
	DisableReuse bool // an ended session's id is refused
}

// normalized fills the defaults and checks the ranges.
func (a Affinity) normalized() (Affinity, error) {
	if a.SessionsPerInstance == 0 {
		a.SessionsPerInstance = fcspec.DefaultSessionsPerInstance
	}
	if a.TTLSeconds == 0 {
		a.TTLSeconds = fcspec.DefaultSessionTTL
	}
	switch {
	case a.Type == fcspec.AffinityHeaderField:
		if err := fcspec.CheckAffinityHeader(a.Header); err != nil {
			return a, fmt.Errorf("session header %w", err)
		}
	case a.Type == fcspec.AffinityCookie:
		a.Header = ""
	default:
		return a, fmt.Errorf("session affinity %q: the local gateway routes %s and %s sessions", a.Type, fcspec.AffinityHeaderField, fcspec.AffinityCookie)
	}
	if n := a.SessionsPerInstance; n < fcspec.SessionsPerInstanceMin || n > fcspec.SessionsPerInstanceMax {
		return a, fmt.Errorf("sessions per instance %d is not between %d and %d", n, fcspec.SessionsPerInstanceMin, fcspec.SessionsPerInstanceMax)
	}
	if n := a.TTLSeconds; n < fcspec.SessionTTLMin || n > fcspec.SessionTTLMax {
		return a, fmt.Errorf("session TTL %d s is not between %d and %d", n, fcspec.SessionTTLMin, fcspec.SessionTTLMax)
	}
	if n := a.IdleSeconds; n < fcspec.SessionIdleMin || n > a.TTLSeconds {
		return a, fmt.Errorf("session idle timeout %d s is not between %d and the TTL, %d", n, fcspec.SessionIdleMin, a.TTLSeconds)
	}
	return a, nil
}

// session is one session of a function.
type session struct {
	id       string
	aff      Affinity // the function's settings when it began
	in       *inst    // the instance it is bound to
	created  time.Time
	modified time.Time // when it was bound, or bound again
	last     time.Time // when its last request or connection ended
	open     int       // its requests and connections in progress
	ended    time.Time // zero while it lives
}

// endsAt is when the session expires unless it is used again.
func (s *session) endsAt() time.Time {
	end := s.created.Add(time.Duration(s.aff.TTLSeconds) * time.Second)
	if idle := s.aff.IdleSeconds; idle > 0 && s.open == 0 {
		end = minTime(end, s.last.Add(time.Duration(idle)*time.Second))
	}
	return end
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// sessions is a function's session table. Its lock is taken before the
// function's (placement of a new session may start an instance).
type sessions struct {
	live    map[string]*session
	ended   map[string]*session
	order   []string      // ids of ended, oldest first
	perInst map[*inst]int // live sessions bound to each instance
}

// sessionTable returns f's table; the caller holds f.smu.
func (f *function) sessionTable() *sessions {
	if f.sess.live == nil {
		f.sess = sessions{live: map[string]*session{}, ended: map[string]*session{}, perInst: map[*inst]int{}}
	}
	return &f.sess
}

// expireLocked ends the sessions due by now.
func (t *sessions) expireLocked(now time.Time) {
	for _, s := range t.live {
		if !now.Before(s.endsAt()) {
			t.endLocked(s, s.endsAt())
		}
	}
}

// endLocked moves a live session to the ended ones.
func (t *sessions) endLocked(s *session, at time.Time) {
	delete(t.live, s.id)
	t.unbindLocked(s)
	s.ended = at
	if _, ok := t.ended[s.id]; !ok {
		t.order = append(t.order, s.id)
	}
	t.ended[s.id] = s
	for len(t.order) > maxEndedSessions {
		delete(t.ended, t.order[0])
		t.order = t.order[1:]
	}
}

func (t *sessions) unbindLocked(s *session) {
	if s.in == nil {
		return
	}
	if t.perInst[s.in]--; t.perInst[s.in] <= 0 {
		delete(t.perInst, s.in)
	}
	s.in = nil
}

// binding is a request's session: its id, and whether the gateway made it
// up (then the response returns it).
type binding struct {
	id    string
	fresh bool
	s     *session // set by acquireSession
	// For CreateSession: the new session's settings, and that an
	// existing one is a conflict.
	aff    *Affinity
	create bool
}

// sessionOf reads the request's session id, or makes one up; an id that
// is not a valid session id is refused (400, unconfirmed as FC's answer).
func sessionOf(r *http.Request, a *Affinity) (*binding, *Failure) {
	id, where := "", ""
	if a.Type == fcspec.AffinityHeaderField {
		id, where = r.Header.Get(a.Header), "header "+a.Header
	} else if c, err := r.Cookie(SessionCookie); err == nil {
		id, where = c.Value, "cookie "+SessionCookie
	}
	if id == "" {
		return &binding{id: newSessionID(), fresh: true}, nil
	}
	if err := fcspec.CheckSessionID(id); err != nil {
		return nil, fail(fcspec.CodeInvalidArgument, "%s: %v; send a valid id, or none and use the one the response returns", where, err)
	}
	return &binding{id: id}, nil
}

// newSessionID is a globally unique id, 32 hex digits as FC's examples.
func newSessionID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand does not fail on Linux
	return hex.EncodeToString(b[:])
}

// reply sets on h what returns a made-up session id to the client: the
// session header, or a cookie a browser keeps (Path=/, HttpOnly; Secure
// over TLS).
func (b *binding) reply(h http.Header, a *Affinity, tls bool) {
	if !b.fresh {
		return
	}
	if a.Type == fcspec.AffinityHeaderField {
		h.Set(a.Header, b.id)
		return
	}
	c := &http.Cookie{Name: SessionCookie, Value: b.id, Path: "/", HttpOnly: true, Secure: tls}
	h.Add("Set-Cookie", c.String())
}

// acquireSession places one request of session b: on the session's
// instance while it lives and its instance serves, else (a new session, or
// one whose instance died) on an instance of s with room for one more
// session, or a new instance. It returns once the instance is ready.
func (f *function) acquireSession(r *http.Request, s *spec, b *binding) (*inst, *Failure) {
	in, fl := f.bindSession(s, b)
	if fl != nil {
		return nil, fl
	}
	return f.await(r.Context(), in)
}

// bindSession is acquireSession up to the choice: it binds b's session
// (new, or moved) and takes a slot on its instance, which may be starting.
func (f *function) bindSession(s *spec, b *binding) (*inst, *Failure) {
	a := s.Affinity
	f.smu.Lock()
	defer f.smu.Unlock()
	t := f.sessionTable()
	now := f.p.clock.Now()
	t.expireLocked(now)
	sess := t.live[b.id]
	if sess != nil && b.create {
		return nil, &Failure{Status: http.StatusConflict, Type: fcspec.ErrorTypeCommon, Code: codeSessionExists,
			Message: fmt.Sprintf("session %q of function %q exists and is active; use it, or delete it first", b.id, f.name)}
	}
	if sess == nil {
		if old := t.ended[b.id]; old != nil && old.aff.DisableReuse {
			return nil, fail(fcspec.CodeInvalidArgument,
				"session %q of function %q ended at %s and the function disables session id reuse (disableSessionIdReuse); start a new session: send no session id and use the one the response returns",
				b.id, f.name, old.ended.UTC().Format(time.RFC3339))
		}
		delete(t.ended, b.id) // a new session of the same id
		if b.aff != nil {
			a = b.aff
		}
		sess = &session{id: b.id, aff: *a, created: now, last: now}
	}
	if in := sess.in; in != nil && in.spec.key == s.key && !in.draining.Load() && !in.dead.Load() && in.slots.Load() >= 0 {
		if in.tryAcquire() {
			return f.openLocked(b, sess, in, now), nil
		}
		if !in.dead.Load() && !in.draining.Load() && in.slots.Load() >= 0 {
			return nil, fail(fcspec.CodeResourceExhausted,
				"function %q is throttled: the requests of the sessions on instance %s use all its concurrency (%d); retry later",
				f.name, in.id, in.conc)
		}
	}
	// A new session, or one whose instance is gone: it moves.
	room := func(in *inst) bool { return t.perInst[in] < a.SessionsPerInstance }
	in := f.pickWhere(s, room)
	if in == nil {
		var fl *Failure
		if in, fl = f.pickOrStartWhere(s, room); fl != nil {
			return nil, fl
		}
	}
	t.unbindLocked(sess)
	sess.in, sess.modified = in, now
	t.perInst[in]++
	t.live[sess.id] = sess
	return f.openLocked(b, sess, in, now), nil
}

// openLocked counts one more request or connection of the session.
func (f *function) openLocked(b *binding, sess *session, in *inst, now time.Time) *inst {
	sess.open++
	sess.last = now
	b.s = sess
	return in
}

// endRequest is the end of one request or connection of session b: its
// idle time runs from here.
func (f *function) endRequest(b *binding) {
	f.smu.Lock()
	defer f.smu.Unlock()
	if sess := b.s; sess != nil && sess.open > 0 {
		sess.open--
		sess.last = f.p.clock.Now()
	}
	b.s = nil // once per placement, even if placed again
}

// holdsSessions reports whether live sessions are bound to in: the idle
// reaper leaves it, so that they find it again while they live.
func (f *function) holdsSessions(in *inst) bool {
	f.smu.Lock()
	defer f.smu.Unlock()
	t := f.sessionTable()
	t.expireLocked(f.p.clock.Now())
	return t.perInst[in] > 0
}

// SessionInfo is one session, as the Session API reports it.
type SessionInfo struct {
	ID           string
	Function     string
	InstanceID   string // FC_INSTANCE_ID of its instance; "" once ended
	Type         string // fcspec.AffinityHeaderField or AffinityCookie
	Active       bool   // else expired
	TTLSeconds   int
	IdleSeconds  int
	DisableReuse bool
	Created      time.Time
	Modified     time.Time
}

// Sessions lists a function's sessions, live and ended, oldest first.
func (p *Plane) Sessions(function string) []SessionInfo {
	var out []SessionInfo
	p.withSessions(function, func(t *sessions) {
		t.expireLocked(p.clock.Now())
		for _, m := range []map[string]*session{t.live, t.ended} {
			for _, s := range m {
				out = append(out, s.info(function))
			}
		}
	})
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func (s *session) info(function string) SessionInfo {
	i := SessionInfo{ID: s.id, Function: function, Type: s.aff.Type, Active: s.ended.IsZero(),
		TTLSeconds: s.aff.TTLSeconds, IdleSeconds: s.aff.IdleSeconds, DisableReuse: s.aff.DisableReuse,
		Created: s.created, Modified: s.modified}
	if s.in != nil {
		i.InstanceID = s.in.id
	}
	return i
}

// DeleteSession forgets a session, live or ended, as FC's DeleteSession:
// its id binds nothing from now on (a request that sends it begins a new
// session, even with disableSessionIdReuse), and its requests and
// connections in progress run to their end. It reports whether the
// session existed.
func (p *Plane) DeleteSession(function, id string) bool {
	found := false
	p.withSessions(function, func(t *sessions) {
		if s := t.live[id]; s != nil {
			delete(t.live, id)
			t.unbindLocked(s)
			found = true
		} else if _, ok := t.ended[id]; ok {
			delete(t.ended, id)
			t.order = slices.DeleteFunc(t.order, func(o string) bool { return o == id })
			found = true
		}
	})
	return found
}

// withSessions runs fn on the named function's session table, locked; a
// function the plane does not know has none.
func (p *Plane) withSessions(function string, fn func(*sessions)) {
	p.mu.Lock()
	f := p.functions[function]
	p.mu.Unlock()
	if f == nil {
		return
	}
	f.smu.Lock()
	defer f.smu.Unlock()
	fn(f.sessionTable())
}

// clearSessions forgets every session of a deleted function, so that a
// function created again under its name starts with none.
func (f *function) clearSessions() {
	f.smu.Lock()
	defer f.smu.Unlock()
	f.sess = sessions{}
}
