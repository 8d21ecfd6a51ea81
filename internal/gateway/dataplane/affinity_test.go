package dataplane

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

const sessionHeader = "x-session-id"

// withAffinity sets HEADER_FIELD affinity on x-session-id with n sessions
// per instance, and changes it further with mod.
func withAffinity(n int, mod func(*Affinity)) func(*FunctionSpec) {
	return func(s *FunctionSpec) {
		s.Affinity = &Affinity{Type: fcspec.AffinityHeaderField, Header: sessionHeader, SessionsPerInstance: n}
		if mod != nil {
			mod(s.Affinity)
		}
	}
}

// sessionHello opens a WebSocket of session id ("" for none) and returns
// it, its first message (FC_INSTANCE_ID) and the handshake's response.
func sessionHello(t *testing.T, url, id string) (*websocket.Conn, string, *http.Response) {
	t.Helper()
	h := http.Header{}
	if id != "" {
		h.Set(sessionHeader, id)
	}
	c, resp, err := dial(t, url+"?hello=1", h)
	if err != nil {
		t.Fatalf("dial with session %q: %v (response %v)", id, err, status(resp))
	}
	t.Cleanup(func() { c.CloseNow() })
	return c, read(t, c), resp
}

// closeAndWait closes c and waits until fn holds nothing, so the session's
// idle time runs.
func (e *env) closeAndWait(fn string, cs ...*websocket.Conn) {
	e.t.Helper()
	for _, c := range cs {
		c.Close(websocket.StatusNormalClosure, "")
	}
	e.waitIdle(fn)
}

func (e *env) session(fn, id string) (SessionInfo, bool) {
	for _, s := range e.p.Sessions(fn) {
		if s.ID == id {
			return s, true
		}
	}
	return SessionInfo{}, false
}

// TestAffinitySameSessionSameInstance: sessions fill an instance up to
// sessions per instance, then a new one starts; every reconnect of a
// session lands on its instance (without affinity placement rotates).
func TestAffinitySameSessionSameInstance(t *testing.T) {
	e := newEnv(t)
	e.function("fn", withAffinity(2, nil))
	url := e.trigger("fn", nil)

	ca, a, _ := sessionHello(t, url, "alice")
	cb, b, _ := sessionHello(t, url, "bob")
	cc, c, _ := sessionHello(t, url, "carol")
	if a != b || c == a {
		t.Fatalf("sessions alice, bob, carol on %s, %s, %s: want the first two on one instance and carol on another (2 sessions per instance)", a, b, c)
	}
	e.closeAndWait("fn", ca, cb, cc)
	for range 3 {
		for id, want := range map[string]string{"alice": a, "bob": b, "carol": c} {
			conn, got, _ := sessionHello(t, url, id)
			if got != want {
				t.Fatalf("session %s reconnected to %s, want its instance %s", id, got, want)
			}
			e.closeAndWait("fn", conn)
		}
	}
	if n := len(e.p.Instances("fn")); n != 2 {
		t.Errorf("function runs %d instances, want 2", n)
	}
	s, ok := e.session("fn", "carol")
	if !ok || !s.Active || s.InstanceID != c || s.Type != fcspec.AffinityHeaderField {
		t.Errorf("session carol = %+v (found %v), want active on %s", s, ok, c)
	}
}

var generatedID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// TestAffinityGeneratedHeader: a handshake without a session id gets one
// in the session header of its 101, and the next connection with it goes
// to the same instance.
func TestAffinityGeneratedHeader(t *testing.T) {
	e := newEnv(t)
	e.function("fn", withAffinity(1, nil))
	url := e.trigger("fn", nil)

	c1, first, resp := sessionHello(t, url, "")
	id := resp.Header.Get(sessionHeader)
	if resp.StatusCode != http.StatusSwitchingProtocols || !generatedID.MatchString(id) {
		t.Fatalf("handshake without a session id answered %d with %s %q, want 101 with a generated id", resp.StatusCode, sessionHeader, id)
	}
	e.closeAndWait("fn", c1)
	_, again, resp2 := sessionHello(t, url, id)
	if again != first {
		t.Errorf("the generated session reconnected to %s, want %s", again, first)
	}
	if got := resp2.Header.Get(sessionHeader); got != "" {
		t.Errorf("a handshake that sent its id got %s %q back; only a new id is returned", sessionHeader, got)
	}
	if s, ok := e.session("fn", id); !ok || s.InstanceID != first {
		t.Errorf("session %s = %+v (found %v), want it on %s", id, s, ok, first)
	}
}

// TestAffinityCookie: with GENERATED_COOKIE the 101 sets a cookie a
// client's jar keeps (Path=/, HttpOnly), and the jar's next handshake
// returns to the same instance.
func TestAffinityCookie(t *testing.T) {
	e := newEnv(t)
	e.function("fn", withAffinity(1, func(a *Affinity) { a.Type, a.Header = fcspec.AffinityCookie, "" }))
	url := e.trigger("fn", nil)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar}
	dialJar := func() (*websocket.Conn, string, *http.Response) {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		c, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"?hello=1", &websocket.DialOptions{HTTPClient: client})
		if err != nil {
			t.Fatalf("dial: %v (response %v)", err, status(resp))
		}
		t.Cleanup(func() { c.CloseNow() })
		return c, read(t, c), resp
	}
	c1, first, resp := dialJar()
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == SessionCookie {
			cookie = c
		}
	}
	if cookie == nil || !generatedID.MatchString(cookie.Value) || cookie.Path != "/" || !cookie.HttpOnly {
		t.Fatalf("the 101 set cookies %q, want %s=<generated id>; Path=/; HttpOnly", resp.Header.Values("Set-Cookie"), SessionCookie)
	}
	e.closeAndWait("fn", c1)
	_, again, resp2 := dialJar()
	if again != first {
		t.Errorf("the jar's session reconnected to %s, want %s (a new session would have started a new instance)", again, first)
	}
	if got := resp2.Header.Values("Set-Cookie"); len(got) != 0 {
		t.Errorf("a handshake with its cookie got Set-Cookie %q again", got)
	}
	if ss := e.p.Sessions("fn"); len(ss) != 1 || ss[0].ID != cookie.Value || ss[0].Type != fcspec.AffinityCookie {
		t.Errorf("sessions %+v, want only %s", ss, cookie.Value)
	}
}

// TestAffinityExpiry: a session ends after its idle timeout without
// requests, or after its TTL even with a connection open (which goes on);
// an ended session frees its place on the instance, and its id begins a
// new session, or is refused with disableSessionIdReuse.
func TestAffinityExpiry(t *testing.T) {
	const ttl, idle = 60, 30
	for _, reuse := range []bool{true, false} {
		name := map[bool]string{true: "reuse", false: "disableSessionIdReuse"}[reuse]
		t.Run("idle/"+name, func(t *testing.T) {
			e := newEnv(t, withFakeClock)
			e.function("fn", withAffinity(1, func(a *Affinity) { a.TTLSeconds, a.IdleSeconds, a.DisableReuse = ttl, idle, !reuse }))
			url := e.trigger("fn", nil)
			ca, a, _ := sessionHello(t, url, "alice")
			e.closeAndWait("fn", ca)
			e.clock.Advance(idle*time.Second - time.Second)
			cb, b, _ := sessionHello(t, url, "bob")
			if b == a {
				t.Fatalf("bob joined alice's instance %s before alice's session was idle for %d s", a, idle)
			}
			e.closeAndWait("fn", cb)
			e.clock.Advance(2 * time.Second)
			if s, _ := e.session("fn", "alice"); s.Active {
				t.Fatalf("alice's session %+v is active after %d s idle", s, idle+1)
			}
			cc, c, _ := sessionHello(t, url, "carol")
			if c != a {
				t.Errorf("carol went to %s; alice's idle session should have freed %s", c, a)
			}
			defer cc.CloseNow()
			code, h, body := e.do(withSession(t, url+"id", "alice"))
			if reuse {
				if code != 200 {
					t.Fatalf("alice's id after expiry: %d %s, want a new session", code, body)
				}
				if s, _ := e.session("fn", "alice"); !s.Active || !s.Created.Equal(e.now()) {
					t.Errorf("alice's id after expiry gave session %+v, want a new one created now", s)
				}
				return
			}
			expectRefusal(t, code, h, body, 400, fcspec.ErrorTypeCommon, fcspec.CodeInvalidArgument)
		})
	}
	t.Run("ttl", func(t *testing.T) {
		e := newEnv(t, withFakeClock)
		e.function("fn", withAffinity(1, func(a *Affinity) { a.TTLSeconds, a.IdleSeconds = ttl, idle }))
		url := e.trigger("fn", nil)
		ca, a, _ := sessionHello(t, url, "alice")
		e.clock.Advance((ttl - 1) * time.Second) // alice stays connected: never idle
		cb, b, _ := sessionHello(t, url, "bob")
		if b == a {
			t.Fatalf("bob joined alice's instance %s before her session's TTL", a)
		}
		e.clock.Advance(2 * time.Second)
		cc, c, _ := sessionHello(t, url, "carol")
		if c != a {
			t.Errorf("carol went to %s; alice's session past its TTL should have freed %s", c, a)
		}
		echo(t, ca, "still here") // the binding ended, not the connection
		cb.CloseNow()
		cc.CloseNow()
	})
	t.Run("open connection is activity", func(t *testing.T) {
		e := newEnv(t, withFakeClock)
		e.function("fn", withAffinity(1, func(a *Affinity) { a.TTLSeconds, a.IdleSeconds = ttl, idle }))
		url := e.trigger("fn", nil)
		ca, _, _ := sessionHello(t, url, "alice")
		e.clock.Advance((idle + 5) * time.Second)
		if s, _ := e.session("fn", "alice"); !s.Active {
			t.Errorf("alice's session %+v expired while its connection was open", s)
		}
		ca.CloseNow()
	})
}

func withSession(t *testing.T, url, id string) *http.Request {
	req := mustRequest(t, "GET", url, nil)
	req.Header.Set(sessionHeader, id)
	return req
}

// TestAffinityInstanceDeath: a session whose instance crashed moves to a
// new instance.
func TestAffinityInstanceDeath(t *testing.T) {
	e := newEnv(t)
	e.function("fn", withAffinity(5, nil))
	url := e.trigger("fn", nil)
	ca, a, _ := sessionHello(t, url, "alice")
	e.closeAndWait("fn", ca)
	req := withSession(t, url+"crash", "alice")
	if resp, err := e.http.Do(req); err == nil {
		resp.Body.Close()
	}
	if ev := e.waitEvent(InstanceCrashed); ev.InstanceID != a {
		t.Fatalf("crash of %s, want alice's instance %s", ev.InstanceID, a)
	}
	_, b, _ := sessionHello(t, url, "alice")
	if b == a {
		t.Fatalf("alice reconnected to her crashed instance %s", a)
	}
	if s, _ := e.session("fn", "alice"); s.InstanceID != b || !s.Active {
		t.Errorf("alice's session %+v, want active on %s", s, b)
	}
}

// TestAffinityRefusesInvalidID: an id that is not FC's session id format
// is refused before placement.
func TestAffinityRefusesInvalidID(t *testing.T) {
	e := newEnv(t)
	e.function("fn", withAffinity(5, nil))
	url := e.trigger("fn", nil)
	for _, id := range []string{"-dash-first", strings.Repeat("a", 65), "has space", "dot.ted"} {
		code, h, body := e.do(withSession(t, url+"id", id))
		r := expectRefusal(t, code, h, body, 400, fcspec.ErrorTypeCommon, fcspec.CodeInvalidArgument)
		if !strings.Contains(r.body.ErrorMessage, sessionHeader) {
			t.Errorf("refusal of %q says %q, want it to name the header", id, r.body.ErrorMessage)
		}
	}
	if n := len(e.p.Instances("fn")); n != 0 {
		t.Errorf("invalid ids started %d instances", n)
	}
}

// TestDeleteSession: a deleted session binds nothing (its place on the
// instance is free) and its open connection goes on.
func TestDeleteSession(t *testing.T) {
	e := newEnv(t)
	e.function("fn", withAffinity(1, func(a *Affinity) { a.DisableReuse = true }))
	url := e.trigger("fn", nil)
	ca, a, _ := sessionHello(t, url, "alice")
	if !e.p.DeleteSession("fn", "alice") {
		t.Fatal("DeleteSession found no session alice")
	}
	if e.p.DeleteSession("fn", "alice") {
		t.Error("a second DeleteSession found alice again")
	}
	echo(t, ca, "still connected")
	_, b, _ := sessionHello(t, url, "bob")
	if b != a {
		t.Errorf("bob went to %s; deleting alice should have freed %s", b, a)
	}
	// Deleted, not expired: its id begins a new session despite
	// disableSessionIdReuse.
	_, c, _ := sessionHello(t, url, "alice")
	if c == a {
		t.Errorf("alice's new session joined %s, which bob holds (1 session per instance)", a)
	}
}

// TestAffinityThrottle: the sessions of an instance share its concurrency
// of 200; past it a request of one of them is throttled (429), and a new
// session goes to a new instance.
func TestAffinityThrottle(t *testing.T) {
	e := newEnv(t)
	e.function("fn", withAffinity(2, nil))
	url := e.trigger("fn", nil)
	_, a, _ := sessionHello(t, url, "alice")
	for i := 1; i < fcspec.AffinityInstanceConcurrency; i++ {
		id := "alice"
		if i%2 == 0 {
			id = "bob"
		}
		if _, got, _ := sessionHello(t, url, id); got != a {
			t.Fatalf("connection %d of %s went to %s, want %s", i, id, got, a)
		}
	}
	_, resp, err := dial(t, url, http.Header{sessionHeader: {"bob"}})
	if err == nil {
		t.Fatalf("connection %d of bob passed the instance's concurrency", fcspec.AffinityInstanceConcurrency+1)
	}
	expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 429, fcspec.ErrorTypeCommon, fcspec.CodeResourceExhausted)
	if _, c, _ := sessionHello(t, url, "carol"); c == a {
		t.Errorf("new session carol joined the full instance %s", a)
	}
}

// TestDeleteFunctionForgetsSessions: a function created again under the
// same name has no sessions of the old one.
func TestDeleteFunctionForgetsSessions(t *testing.T) {
	e := newEnv(t)
	spec := e.function("fn", withAffinity(2, nil))
	url := e.trigger("fn", nil)
	c, _, _ := sessionHello(t, url, "alice")
	e.closeAndWait("fn", c)
	e.p.DeleteFunction("fn")
	if err := e.p.SetFunction(spec, e.now()); err != nil {
		t.Fatal(err)
	}
	if ss := e.p.Sessions("fn"); len(ss) != 0 {
		t.Errorf("the new function has the old one's sessions %+v", ss)
	}
}

// TestSessionsBounded: live sessions are bounded by the instances the
// function may run times sessions per instance (a flood of new ids is
// throttled, not stored), and ended sessions by maxEndedSessions, the
// oldest forgotten first.
func TestSessionsBounded(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxInstances = 1 })
	e.function("fn", withAffinity(2, nil))
	url := e.trigger("fn", nil)
	sessionHello(t, url, "alice")
	sessionHello(t, url, "bob")
	code, h, body := e.do(withSession(t, url+"id", "carol"))
	expectRefusal(t, code, h, body, 429, fcspec.ErrorTypeCommon, fcspec.CodeResourceExhausted)
	if n := len(e.p.Sessions("fn")); n != 2 {
		t.Errorf("%d sessions after a refused one, want 2", n)
	}

	st := (&function{}).sessionTable()
	at := time.Unix(0, 0)
	for i := range maxEndedSessions + 5 {
		st.endLocked(&session{id: "s" + strconv.Itoa(i)}, at)
	}
	if len(st.ended) != maxEndedSessions || len(st.order) != maxEndedSessions || st.ended["s0"] != nil || st.ended["s5"] == nil {
		t.Errorf("after %d ended sessions: %d kept (%d in order), s0 kept %v; want the newest %d", maxEndedSessions+5, len(st.ended), len(st.order), st.ended["s0"] != nil, maxEndedSessions)
	}
}
