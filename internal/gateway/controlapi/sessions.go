package controlapi

import (
	"errors"
	"net/http"
	"strconv"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Sessions is the data plane's session table, which FC's Session API
// reads and changes: the sessions live in the plane, with the instances
// they are bound to, not in the store.
type Sessions interface {
	// Sessions lists a function's sessions, active and expired, in a
	// stable order (oldest first).
	Sessions(function string) []*fc.Session
	// DeleteSession forgets a session and reports whether it existed.
	DeleteSession(function, id string) bool
	// CreateSession begins a session bound to an instance (in's sessionId
	// or a new one); UpdateSession changes an active one's lifetime. A
	// *Refusal is answered as it says.
	CreateSession(function string, in *fc.CreateSessionInput) (*fc.Session, error)
	UpdateSession(function, id string, in *fc.UpdateSessionInput) (*fc.Session, error)
}

// Refusal is FC's error answer, from a Sessions implementation.
type Refusal struct {
	Status  int
	Code    string
	Message string
}

func (r *Refusal) Error() string { return r.Code + ": " + r.Message }

// sessionRoutes adds the Session API's paths to routes (ListSessions,
// GetSession, DeleteSession, CreateSession, UpdateSession).
func (h *Handler) sessionRoutes() map[string]op {
	return map[string]op{
		"GET /2023-03-30/functions/{fn}/sessions":          h.listSessions,
		"GET /2023-03-30/functions/{fn}/sessions/{sid}":    h.getSession,
		"DELETE /2023-03-30/functions/{fn}/sessions/{sid}": h.deleteSession,
		"POST /2023-03-30/functions/{fn}/sessions":         h.createSession,
		"PUT /2023-03-30/functions/{fn}/sessions/{sid}":    h.updateSession,
	}
}

// sessionsOf checks the function and the qualifier, and returns the
// function's sessions.
func (h *Handler) sessionsOf(c *call) (string, []*fc.Session, error) {
	fn := c.r.PathValue("fn")
	if err := checkQualifier(c.r.URL.Query().Get("qualifier")); err != nil {
		return fn, nil, err
	}
	if _, err := h.cfg.Store.GetFunction(fn); err != nil {
		return fn, nil, err
	}
	if h.cfg.Sessions == nil {
		return fn, nil, nil
	}
	return fn, h.cfg.Sessions.Sessions(fn), nil
}

// listSessions is ListSessions: filters sessionId and sessionStatus
// (Active or Expired), pages of limit (default 20, at most 100) with an
// opaque nextToken.
func (h *Handler) listSessions(c *call) (any, error) {
	q := c.r.URL.Query()
	status := q.Get("sessionStatus")
	if status != "" && status != fcspec.SessionActive && status != fcspec.SessionExpired {
		return nil, invalidArg("sessionStatus", "is %q; it must be %s or %s, or left out for both", status, fcspec.SessionActive, fcspec.SessionExpired)
	}
	page, err := pageOptions(q)
	if err != nil {
		return nil, err
	}
	offset := 0
	if page.NextToken != "" {
		if offset, err = strconv.Atoi(page.NextToken); err != nil || offset < 0 {
			return nil, invalidArg("nextToken", "is not a token this API returned")
		}
	}
	_, all, err := h.sessionsOf(c)
	if err != nil {
		return nil, err
	}
	id := q.Get("sessionId")
	var match []*fc.Session
	for _, s := range all {
		if (id == "" || dara.StringValue(s.SessionId) == id) && (status == "" || dara.StringValue(s.SessionStatus) == status) {
			match = append(match, s)
		}
	}
	out := &fc.ListSessionsOutput{Sessions: []*fc.Session{}}
	if offset < len(match) {
		end := min(offset+page.Limit, len(match))
		out.Sessions = match[offset:end]
		if end < len(match) {
			out.NextToken = dara.String(encodeToken(strconv.Itoa(end)))
		}
	}
	return out, nil
}

// getSession is GetSession, which answers active sessions only (FC's API
// reference).
func (h *Handler) getSession(c *call) (any, error) {
	fn, all, err := h.sessionsOf(c)
	if err != nil {
		return nil, err
	}
	sid := c.r.PathValue("sid")
	for _, s := range all {
		if dara.StringValue(s.SessionId) == sid && dara.StringValue(s.SessionStatus) == fcspec.SessionActive {
			return s, nil
		}
	}
	return nil, sessionNotFound(fn, sid)
}

// deleteSession is DeleteSession: the id binds no instance from now on
// and a request that sends it begins a new session; the session's
// requests and connections in progress run to their end (FC's API
// reference, for functions without session isolation).
func (h *Handler) deleteSession(c *call) (any, error) {
	fn, _, err := h.sessionsOf(c)
	if err != nil {
		return nil, err
	}
	sid := c.r.PathValue("sid")
	if h.cfg.Sessions == nil || !h.cfg.Sessions.DeleteSession(fn, sid) {
		return nil, sessionNotFound(fn, sid)
	}
	return nil, nil
}

func sessionNotFound(fn, sid string) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: string(fcspec.CodeSessionNotFound),
		Message: "session '" + sid + "' of function '" + fn + "' does not exist or has expired; ListSessions shows the function's sessions"}
}

// createSession is CreateSession. What the local gateway cannot give a
// session (NAS, OSS, PolarFS and JuiceFS mounts, network rules, snapshots,
// pausing) is refused rather than ignored.
func (h *Handler) createSession(c *call) (any, error) {
	var in fc.CreateSessionInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if f := notEmulated(in.NasConfig != nil, in.OssMountConfig != nil, in.PolarFsConfig != nil, in.JuiceFsConfig != nil,
		in.Network != nil, in.SnapshotId != nil, in.EnableAutoPause != nil || in.EnableAutoResume != nil, in.AllowInternetAccess != nil); f != "" {
		return nil, invalidArg(f, "is not emulated by the local gateway; leave it out locally")
	}
	fn, _, err := h.sessionsOf(c)
	if err != nil {
		return nil, err
	}
	if h.cfg.Sessions == nil {
		return nil, invalidArg("functionName", "%q has no session affinity here: this control API runs without a data plane", fn)
	}
	return refusal(h.cfg.Sessions.CreateSession(fn, &in))
}

// updateSession is UpdateSession: sessionTTLInSeconds,
// sessionIdleTimeoutInSeconds and disableSessionIdReuse of an active
// session.
func (h *Handler) updateSession(c *call) (any, error) {
	var in fc.UpdateSessionInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if f := notEmulated(in.NasConfig != nil, in.OssMountConfig != nil, in.PolarFsConfig != nil, in.JuiceFsConfig != nil,
		in.Network != nil, false, in.EnableAutoPause != nil || in.EnableAutoResume != nil, in.AllowInternetAccess != nil); f != "" {
		return nil, invalidArg(f, "is not emulated by the local gateway; leave it out locally")
	}
	fn, _, err := h.sessionsOf(c)
	if err != nil {
		return nil, err
	}
	sid := c.r.PathValue("sid")
	if h.cfg.Sessions == nil {
		return nil, sessionNotFound(fn, sid)
	}
	return refusal(h.cfg.Sessions.UpdateSession(fn, sid, &in))
}

// notEmulated names the first session setting given that the gateway
// does not emulate, in the order of its arguments.
func notEmulated(nas, oss, polar, juice, network, snapshot, pause, internet bool) string {
	for _, f := range []struct {
		given bool
		name  string
	}{{nas, "nasConfig"}, {oss, "ossMountConfig"}, {polar, "polarFsConfig"}, {juice, "juiceFsConfig"},
		{network, "network"}, {snapshot, "snapshotId"}, {pause, "enableAutoPause"}, {internet, "allowInternetAccess"}} {
		if f.given {
			return f.name
		}
	}
	return ""
}

// refusal answers a *Refusal as FC's error.
func refusal(s *fc.Session, err error) (any, error) {
	var r *Refusal
	if errors.As(err, &r) {
		return nil, &apiError{Status: r.Status, Code: r.Code, Message: r.Message}
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}
