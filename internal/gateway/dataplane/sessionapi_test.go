package dataplane

import (
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// TestCreateSession: a session created through the API is bound to an
// instance before any request, and its first connection lands there; a
// second create of the same id is a conflict; a cookie function makes up
// the id.
func TestCreateSession(t *testing.T) {
	e := newEnv(t)
	e.function("fn", withAffinity(1, nil))
	url := e.trigger("fn", nil)
	ttl := 600
	s, fl := e.p.CreateSession("fn", "alice", SessionSettings{TTLSeconds: &ttl})
	if fl != nil || s.ID != "alice" || !s.Active || s.InstanceID == "" || s.TTLSeconds != ttl {
		t.Fatalf("CreateSession = %+v, %v; want alice bound to an instance with TTL %d", s, fl, ttl)
	}
	if _, fl := e.p.CreateSession("fn", "alice", SessionSettings{}); fl == nil || fl.Status != 409 {
		t.Errorf("a second CreateSession of alice: %v, want 409", fl)
	}
	_, got, _ := sessionHello(t, url, "alice")
	if got != s.InstanceID {
		t.Errorf("alice's first connection went to %s, want the instance it was created on, %s", got, s.InstanceID)
	}
	idle := ttl + 1
	if _, fl := e.p.CreateSession("fn", "bob", SessionSettings{TTLSeconds: &ttl, IdleSeconds: &idle}); fl == nil || fl.Code != fcspec.CodeInvalidArgument {
		t.Errorf("idle timeout above the TTL: %v, want InvalidArgument", fl)
	}

	e.function("cookie", withAffinity(1, func(a *Affinity) { a.Type, a.Header = fcspec.AffinityCookie, "" }))
	if _, fl := e.p.CreateSession("cookie", "carol", SessionSettings{}); fl == nil || fl.Code != fcspec.CodeInvalidArgument {
		t.Errorf("a custom id on a cookie function: %v, want InvalidArgument", fl)
	}
	if s, fl := e.p.CreateSession("cookie", "", SessionSettings{}); fl != nil || !generatedID.MatchString(s.ID) {
		t.Errorf("CreateSession without an id = %+v, %v; want a generated id", s, fl)
	}
	if _, fl := e.p.CreateSession("nofunction", "", SessionSettings{}); fl == nil || fl.Code != fcspec.CodeFunctionNotFound {
		t.Errorf("CreateSession of no function: %v, want FunctionNotFound", fl)
	}
}

// TestUpdateSession: a longer TTL keeps a session that would have ended.
func TestUpdateSession(t *testing.T) {
	e := newEnv(t, withFakeClock)
	e.function("fn", withAffinity(1, func(a *Affinity) { a.TTLSeconds, a.IdleSeconds = 60, 0 }))
	e.trigger("fn", nil)
	if _, fl := e.p.CreateSession("fn", "alice", SessionSettings{}); fl != nil {
		t.Fatal(fl)
	}
	ttl := 120
	s, fl := e.p.UpdateSession("fn", "alice", SessionSettings{TTLSeconds: &ttl})
	if fl != nil || s.TTLSeconds != ttl || !s.Modified.Equal(e.now()) {
		t.Fatalf("UpdateSession = %+v, %v", s, fl)
	}
	e.clock.Advance(90 * time.Second)
	if s, _ := e.session("fn", "alice"); !s.Active {
		t.Errorf("alice ended at 90 s with a TTL raised to %d s", ttl)
	}
	e.clock.Advance(31 * time.Second)
	if _, fl := e.p.UpdateSession("fn", "alice", SessionSettings{TTLSeconds: &ttl}); fl == nil || fl.Status != 404 {
		t.Errorf("UpdateSession of an ended session: %v, want 404", fl)
	}
}
