package dataplane

import (
	"fmt"
	"net/http"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// The Session API's calls that change sessions (CreateSession,
// UpdateSession; FC 3.0 API reference). FC's codes for a session that
// exists or does not are unconfirmed.
const (
	codeSessionExists   = fcspec.CodeSessionAlreadyExists
	codeSessionNotFound = fcspec.CodeSessionNotFound
)

// SessionSettings change a session's lifetime; nil keeps the function's
// (CreateSession) or the session's (UpdateSession) value.
type SessionSettings struct {
	TTLSeconds, IdleSeconds *int
	DisableReuse            *bool
}

// apply returns a with the settings, checked as the function's are.
func (set SessionSettings) apply(a Affinity) (Affinity, *Failure) {
	if set.TTLSeconds != nil {
		// normalized reads 0 as the default; a TTL given as 0 is wrong.
		if n := *set.TTLSeconds; n < fcspec.SessionTTLMin {
			return a, fail(fcspec.CodeInvalidArgument, "sessionTTLInSeconds is %d; it must be from %d to %d", n, fcspec.SessionTTLMin, fcspec.SessionTTLMax)
		}
		a.TTLSeconds = *set.TTLSeconds
	}
	if set.IdleSeconds != nil {
		a.IdleSeconds = *set.IdleSeconds
	} else if a.IdleSeconds > a.TTLSeconds {
		a.IdleSeconds = a.TTLSeconds // an idle timeout not given fits the TTL given
	}
	if set.DisableReuse != nil {
		a.DisableReuse = *set.DisableReuse
	}
	a, err := a.normalized()
	if err != nil {
		return a, fail(fcspec.CodeInvalidArgument, "%v", err)
	}
	return a, nil
}

// CreateSession begins a session of the function at once, as FC's
// CreateSession: bound to an instance (started if none has room) before
// any request, with id (HEADER_FIELD only; "" makes one up) and the
// function's settings changed by set.
func (p *Plane) CreateSession(function, id string, set SessionSettings) (SessionInfo, *Failure) {
	p.mu.Lock()
	f := p.functions[function]
	p.mu.Unlock()
	var s *spec
	if f != nil {
		s, _ = f.specs.at(p.clock.Now())
	}
	switch {
	case s == nil:
		return SessionInfo{}, fail(fcspec.CodeFunctionNotFound, "function %q does not exist", function)
	case s.Affinity == nil:
		return SessionInfo{}, fail(fcspec.CodeInvalidArgument, "function %q has no session affinity: set sessionAffinity to %s or %s first", function, fcspec.AffinityHeaderField, fcspec.AffinityCookie)
	case s.unrunnable != "":
		return SessionInfo{}, fail(fcspec.CodeNotSupportedLocally, "function %q cannot run on the local gateway: %s", function, s.unrunnable)
	case id != "" && s.Affinity.Type != fcspec.AffinityHeaderField:
		return SessionInfo{}, fail(fcspec.CodeInvalidArgument, "sessionId: a session id of your own is for %s affinity; function %q has %s: leave sessionId out", fcspec.AffinityHeaderField, function, s.Affinity.Type)
	}
	b := &binding{id: id, create: true}
	if id == "" {
		b.id = newSessionID()
	} else if err := fcspec.CheckSessionID(id); err != nil {
		return SessionInfo{}, fail(fcspec.CodeInvalidArgument, "sessionId: %v", err)
	}
	a, fl := set.apply(*s.Affinity)
	if fl != nil {
		return SessionInfo{}, fl
	}
	b.aff = &a
	in, fl := f.bindSession(s, b)
	if fl != nil {
		return SessionInfo{}, fl
	}
	sess := b.s
	// The session holds its place on the instance; no request holds a slot.
	f.endRequest(b)
	in.release()
	f.smu.Lock()
	defer f.smu.Unlock()
	return sess.info(function), nil
}

// UpdateSession changes an active session's TTL (still counted from its
// creation), idle timeout or id reuse, as FC's UpdateSession.
func (p *Plane) UpdateSession(function, id string, set SessionSettings) (SessionInfo, *Failure) {
	var (
		info SessionInfo
		fl   = &Failure{Status: http.StatusNotFound, Type: fcspec.ErrorTypeCommon, Code: codeSessionNotFound,
			Message: fmt.Sprintf("session %q of function %q does not exist or has expired; ListSessions shows the function's sessions", id, function)}
	)
	p.withSessions(function, func(t *sessions) {
		now := p.clock.Now()
		t.expireLocked(now)
		sess := t.live[id]
		if sess == nil {
			return
		}
		a, bad := set.apply(sess.aff)
		if fl = bad; bad != nil {
			return
		}
		sess.aff, sess.modified = a, now
		info = sess.info(function)
	})
	return info, fl
}
