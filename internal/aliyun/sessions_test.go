package aliyun

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/controlapi"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// sessionTable stands in for the data plane's session table behind the
// gateway's Session API (the e2e test of wsdeploy sessions makes real
// sessions with real connections).
type sessionTable struct {
	mu       sync.Mutex
	sessions []*fc.Session
}

func (s *sessionTable) Sessions(function string) []*fc.Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*fc.Session
	for _, x := range s.sessions {
		if dara.StringValue(x.FunctionName) == function {
			out = append(out, x)
		}
	}
	return out
}

func (s *sessionTable) DeleteSession(function, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.sessions {
		if dara.StringValue(x.FunctionName) == function && dara.StringValue(x.SessionId) == id {
			s.sessions = append(s.sessions[:i], s.sessions[i+1:]...)
			return true
		}
	}
	return false
}

// CreateSession and UpdateSession are not the provider's: the stand-in
// refuses them as the gateway refuses what it cannot do.
func (s *sessionTable) CreateSession(string, *fc.CreateSessionInput) (*fc.Session, error) {
	return nil, &controlapi.Refusal{Status: 400, Code: string(fcspec.CodeInvalidArgument), Message: "not in this test"}
}

func (s *sessionTable) UpdateSession(string, string, *fc.UpdateSessionInput) (*fc.Session, error) {
	return nil, &controlapi.Refusal{Status: 400, Code: string(fcspec.CodeInvalidArgument), Message: "not in this test"}
}

// The sessions of a function with affinity come back through every page
// of the gateway's ListSessions, mapped to providers.Session field by
// field; DeleteSession ends one, and the list no longer holds it.
func TestSessionsListAndDelete(t *testing.T) {
	defer func(n int32) { listPageSize = n }(listPageSize)
	listPageSize = 2
	table := &sessionTable{}
	g := newGatewayWith(t, func(c *controlapi.Config) { c.Sessions = table })
	p := g.provider(t)
	f := wsFunction("chat", "demo")
	f.InstanceConcurrency = fcspec.AffinityInstanceConcurrency
	f.SessionAffinity = headerAffinity()
	if _, err := p.CreateFunction(ctx, f, codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	none, err := p.ListSessions(ctx, "chat")
	if err != nil || len(none) != 0 {
		t.Fatalf("a function without sessions: %v %s", err, jsonOf(none))
	}
	for i := range 3 {
		table.sessions = append(table.sessions, &fc.Session{SessionId: dara.String(fmt.Sprintf("s%d", i)), FunctionName: dara.String("chat"),
			Qualifier: dara.String(fcspec.QualifierLatest), ContainerId: dara.String(fmt.Sprintf("c-%d", i)),
			SessionAffinityType: dara.String(fcspec.AffinityHeaderField), SessionStatus: dara.String(fcspec.SessionActive),
			SessionTTLInSeconds: dara.Int64(600), SessionIdleTimeoutInSeconds: dara.Int64(60),
			CreatedTime: dara.String("2026-12-01T10:00:00Z"), LastModifiedTime: dara.String("2026-12-01T10:05:00Z")})
	}
	list, err := p.ListSessions(ctx, "chat")
	if err != nil || len(list) != 3 {
		t.Fatalf("listed %v %s, want 3 sessions", err, jsonOf(list))
	}
	want := providers.Session{ID: "s1", Function: "chat", Qualifier: fcspec.QualifierLatest, InstanceID: "c-1",
		AffinityType: fcspec.AffinityHeaderField, Status: fcspec.SessionActive, TTL: 600, IdleTimeout: 60,
		Created: "2026-12-01T10:00:00Z", LastModified: "2026-12-01T10:05:00Z"}
	if *list[1] != want {
		t.Errorf("session\n%s\nwant\n%s", jsonOf(list[1]), jsonOf(want))
	}
	if n := g.count("ListSessions"); n < 3 {
		t.Errorf("%d ListSessions requests, want the pages followed", n)
	}
	if err := p.DeleteSession(ctx, "chat", "s1"); err != nil {
		t.Fatal(err)
	}
	after, err := p.ListSessions(ctx, "chat")
	if err != nil || len(after) != 2 || after[0].ID != "s0" || after[1].ID != "s2" {
		t.Errorf("after deleting s1: %v %s", err, jsonOf(after))
	}
	if err := p.DeleteSession(ctx, "chat", "s1"); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("deleting a session twice: %v; want ErrNotFound (FC answers that it has no such session)", err)
	}
}
