package dataplane

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// syncBuffer is a log destination safe for the plane's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRoleCredentials: an instance of a function with a role finds
// STS-shaped credentials issued by the gateway in its environment and in
// FC's headers of each request; they are not the gateway's key pair, the
// gateway does not accept them, and neither its log nor the function's
// shows them. Without a role there are none.
func TestRoleCredentials(t *testing.T) {
	const gwID, gwSecret = "LTAI5tGatewayKey0001", "gateway-secret-0001"
	var logs syncBuffer
	e := newEnv(t, func(c *Config) {
		c.Lookup = func(id string) (string, bool) { return gwSecret, id == gwID }
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	e.function("role", func(s *FunctionSpec) { s.Role = "acs:ram::1234567890:role/chat" })
	url := e.trigger("role", nil)
	e.function("norole", nil)
	plain := e.trigger("norole", nil)

	id, secret, token := seenCredentials(t, e, "role", url)
	if !strings.HasPrefix(id, fcspec.STSAccessKeyPrefix) || len(id) < 20 || len(secret) < 30 || len(token) < 100 {
		t.Errorf("credentials %q / %d-char secret / %d-char token are not shaped like STS's", id, len(secret), len(token))
	}
	if id == gwID || secret == gwSecret || strings.Contains(token, gwSecret) {
		t.Error("the instance got the gateway's own key pair")
	}
	if _, ok := e.p.cfg.Lookup(id); ok {
		t.Error("the gateway accepts the role's credentials as a key of its own")
	}
	for name, want := range map[string]string{fcspec.EnvAccessKeyID: id, fcspec.EnvAccessKeySecret: secret, fcspec.EnvSecurityToken: token} {
		if _, _, got := e.get(url + "env?name=" + name); got != want {
			t.Errorf("%s in the instance's environment (%d chars) is not the credentials of its requests", name, len(got))
		}
	}

	if nid, nsecret, ntoken := seenCredentials(t, e, "norole", plain); nid+nsecret+ntoken != "" {
		t.Errorf("a function without a role got credentials in its headers: %q", nid)
	}
	for _, name := range []string{fcspec.EnvAccessKeyID, fcspec.EnvAccessKeySecret, fcspec.EnvSecurityToken} {
		if _, _, got := e.get(plain + "env?name=" + name); got != "unset" {
			t.Errorf("a function without a role has %s=%q", name, got)
		}
	}

	e.p.Close(t.Context())
	printed := logs.String()
	for len(e.lines) > 0 {
		printed += <-e.lines + "\n"
	}
	for _, s := range []string{id, secret, token} {
		if strings.Contains(printed, s) {
			t.Errorf("the gateway's or the function's log prints a credential: %.40q...", s)
		}
	}
}

// seenCredentials returns the role credentials FC's headers carried to the
// function, on a plain request and on a WebSocket handshake (the same).
func seenCredentials(t *testing.T, e *env, fn, url string) (id, secret, token string) {
	t.Helper()
	_, _, b := e.get(url + "headers")
	var seen struct{ Headers map[string][]string }
	if err := json.Unmarshal([]byte(b), &seen); err != nil {
		t.Fatalf("headers %q: %v", b, err)
	}
	h := func(k string) string { return strings.Join(seen.Headers[k], ",") }
	id, secret, token = h(fcspec.HeaderAccessKeyID), h(fcspec.HeaderAccessKeySecret), h(fcspec.HeaderSecurityToken)

	c := mustDial(t, url+"?headers=1")
	if err := json.Unmarshal([]byte(read(t, c)), &seen); err != nil {
		t.Fatal(err)
	}
	c.CloseNow()
	e.waitIdle(fn)
	if h(fcspec.HeaderAccessKeyID) != id || h(fcspec.HeaderSecurityToken) != token {
		t.Errorf("the handshake carried other credentials than the request")
	}
	return id, secret, token
}

// TestCredentialsRenewed: a request past half the credentials' life gets
// fresh ones, as FC refreshes a role's; before, the same.
func TestCredentialsRenewed(t *testing.T) {
	now := time.Now()
	var r roleCredentials
	r.issue(&spec{FunctionSpec: FunctionSpec{Role: "acs:ram::1:role/r"}}, now)
	first := r.current(now)
	if first == nil || !first.expiration.Equal(now.Add(credentialsTTL)) {
		t.Fatalf("credentials %+v; want ones expiring in %s", first, credentialsTTL)
	}
	if r.current(now.Add(credentialsTTL/4)) != first {
		t.Error("credentials renewed before half their life")
	}
	if next := r.current(now.Add(credentialsTTL/2 + time.Second)); next == first || next.accessKeyID == first.accessKeyID {
		t.Error("credentials past half their life were not renewed")
	}
	var none roleCredentials
	none.issue(&spec{}, now)
	if none.current(now) != nil {
		t.Error("a function without a role got credentials")
	}
}
