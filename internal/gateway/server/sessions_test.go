package server

import (
	"context"
	"net/http"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/coder/websocket"
)

// TestSessionAPI: through the official SDK, a function with HEADER_FIELD
// affinity deployed on the gateway lists the sessions its clients opened
// (filters and pages as FC's ListSessions), gets one, and deletes one,
// which then is gone; CreateSession and UpdateSession make and change one.
func TestSessionAPI(t *testing.T) {
	dir := t.TempDir()
	g := startGateway(t, dir, nil)
	c := sdk(t, dir)
	url := deployEcho(t, c, "chat", 1, func(in *fc.CreateFunctionInput) {
		in.SessionAffinity = dara.String("HEADER_FIELD")
		in.SessionAffinityConfig = dara.String(`{"affinityHeaderFieldName":"x-session-id","sessionConcurrencyPerInstance":1}`)
	})
	for _, id := range []string{"alice", "bob"} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		conn, _, err := websocket.Dial(ctx, wsURL(url), &websocket.DialOptions{HTTPHeader: http.Header{"X-Session-Id": {id}}})
		cancel()
		if err != nil {
			t.Fatalf("dial as %s: %v", id, err)
		}
		conn.Close(websocket.StatusNormalClosure, "")
	}

	list := func(req *fc.ListSessionsRequest) *fc.ListSessionsOutput {
		t.Helper()
		resp, err := c.ListSessions(dara.String("chat"), req)
		if err != nil {
			t.Fatalf("ListSessions: %v", err)
		}
		return resp.Body
	}
	all := list(&fc.ListSessionsRequest{})
	if len(all.Sessions) != 2 || all.NextToken != nil {
		t.Fatalf("ListSessions = %v, want alice and bob on one page", all)
	}
	instances := map[string]bool{}
	for _, in := range g.plane.Instances("chat") {
		instances[in.ID] = true
	}
	for _, s := range all.Sessions {
		if dara.StringValue(s.FunctionName) != "chat" || dara.StringValue(s.Qualifier) != "LATEST" ||
			dara.StringValue(s.SessionAffinityType) != "HEADER_FIELD" || dara.StringValue(s.SessionStatus) != "Active" ||
			dara.Int64Value(s.SessionTTLInSeconds) != 21600 || dara.Int64Value(s.SessionIdleTimeoutInSeconds) != 1800 ||
			!instances[dara.StringValue(s.ContainerId)] || dara.StringValue(s.CreatedTime) == "" {
			t.Errorf("session %v: want FC's fields, its containerId one of the instances %v", s, instances)
		}
	}
	if a, b := all.Sessions[0].ContainerId, all.Sessions[1].ContainerId; dara.StringValue(a) == dara.StringValue(b) {
		t.Errorf("alice and bob share instance %s with one session per instance", dara.StringValue(a))
	}

	first := list(&fc.ListSessionsRequest{Limit: dara.Int32(1)})
	if len(first.Sessions) != 1 || first.NextToken == nil {
		t.Fatalf("page of 1: %v, want one session and a nextToken", first)
	}
	second := list(&fc.ListSessionsRequest{Limit: dara.Int32(1), NextToken: first.NextToken})
	if len(second.Sessions) != 1 || second.NextToken != nil || dara.StringValue(second.Sessions[0].SessionId) == dara.StringValue(first.Sessions[0].SessionId) {
		t.Fatalf("second page: %v after %v", second, first)
	}
	if got := list(&fc.ListSessionsRequest{SessionId: dara.String("bob")}); len(got.Sessions) != 1 || dara.StringValue(got.Sessions[0].SessionId) != "bob" {
		t.Errorf("filter sessionId=bob: %v", got)
	}
	if got := list(&fc.ListSessionsRequest{SessionStatus: dara.String("Expired")}); len(got.Sessions) != 0 {
		t.Errorf("filter Expired: %v, want none", got)
	}

	got, err := c.GetSession(dara.String("chat"), dara.String("alice"), &fc.GetSessionRequest{})
	if err != nil || dara.StringValue(got.Body.SessionId) != "alice" || !instances[dara.StringValue(got.Body.ContainerId)] {
		t.Fatalf("GetSession(alice) = %v, %v", got, err)
	}
	if _, err := c.DeleteSession(dara.String("chat"), dara.String("alice"), &fc.DeleteSessionRequest{}); err != nil {
		t.Fatalf("DeleteSession(alice): %v", err)
	}
	_, err = c.GetSession(dara.String("chat"), dara.String("alice"), &fc.GetSessionRequest{})
	if code := sdkCode(err); code != "SessionNotFound" {
		t.Errorf("GetSession of a deleted session: %v, want SessionNotFound", err)
	}
	_, err = c.DeleteSession(dara.String("chat"), dara.String("alice"), &fc.DeleteSessionRequest{})
	if code := sdkCode(err); code != "SessionNotFound" {
		t.Errorf("DeleteSession again: %v, want SessionNotFound", err)
	}
	_, err = c.ListSessions(dara.String("nobody"), &fc.ListSessionsRequest{})
	if code := sdkCode(err); code != "FunctionNotFound" {
		t.Errorf("ListSessions of no function: %v, want FunctionNotFound", err)
	}
	if left := list(&fc.ListSessionsRequest{}); len(left.Sessions) != 1 || dara.StringValue(left.Sessions[0].SessionId) != "bob" {
		t.Errorf("after deleting alice: %v, want bob only", left)
	}

	// CreateSession binds a session before any request; UpdateSession
	// changes its lifetime.
	created, err := c.CreateSession(dara.String("chat"), &fc.CreateSessionRequest{Body: &fc.CreateSessionInput{
		SessionId: dara.String("carol"), SessionTTLInSeconds: dara.Int64(600)}})
	if err != nil || dara.StringValue(created.Body.SessionStatus) != "Active" || dara.Int64Value(created.Body.SessionTTLInSeconds) != 600 {
		t.Fatalf("CreateSession(carol) = %v, %v", created, err)
	}
	found := false
	for _, in := range g.plane.Instances("chat") {
		found = found || in.ID == dara.StringValue(created.Body.ContainerId)
	}
	if !found {
		t.Errorf("carol's containerId %s is none of the function's instances %v", dara.StringValue(created.Body.ContainerId), g.plane.Instances("chat"))
	}
	_, err = c.CreateSession(dara.String("chat"), &fc.CreateSessionRequest{Body: &fc.CreateSessionInput{SessionId: dara.String("carol")}})
	if code := sdkCode(err); code != "SessionAlreadyExists" {
		t.Errorf("CreateSession(carol) again: %v, want SessionAlreadyExists", err)
	}
	_, err = c.CreateSession(dara.String("chat"), &fc.CreateSessionRequest{Body: &fc.CreateSessionInput{NasConfig: &fc.NASConfig{}}})
	if code := sdkCode(err); code != "InvalidArgument" {
		t.Errorf("CreateSession with nasConfig: %v, want InvalidArgument", err)
	}
	updated, err := c.UpdateSession(dara.String("chat"), dara.String("carol"), &fc.UpdateSessionRequest{Body: &fc.UpdateSessionInput{
		SessionIdleTimeoutInSeconds: dara.Int64(60), DisableSessionIdReuse: dara.Bool(true)}})
	if err != nil || dara.Int64Value(updated.Body.SessionIdleTimeoutInSeconds) != 60 || !dara.BoolValue(updated.Body.DisableSessionIdReuse) || dara.Int64Value(updated.Body.SessionTTLInSeconds) != 600 {
		t.Errorf("UpdateSession(carol) = %v, %v; want idle 60, reuse disabled, TTL kept", updated, err)
	}
	_, err = c.UpdateSession(dara.String("chat"), dara.String("carol"), &fc.UpdateSessionRequest{Body: &fc.UpdateSessionInput{SessionIdleTimeoutInSeconds: dara.Int64(601)}})
	if code := sdkCode(err); code != "InvalidArgument" {
		t.Errorf("UpdateSession with idle above the TTL: %v, want InvalidArgument", err)
	}
	_, err = c.UpdateSession(dara.String("chat"), dara.String("alice"), &fc.UpdateSessionRequest{Body: &fc.UpdateSessionInput{}})
	if code := sdkCode(err); code != "SessionNotFound" {
		t.Errorf("UpdateSession of deleted alice: %v, want SessionNotFound", err)
	}
}
