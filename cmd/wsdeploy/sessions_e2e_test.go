package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// sessionsStack is the echo server twice: "sticky" with header-field
// session affinity, "plain" without.
const sessionsStack = `
stack = "sessions-e2e"

function "sticky" {
  code    = "./src"
  timeout = 600
  session_affinity {
    type   = "header_field"
    header = "x-chat-session"
  }
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    enabled = false
  }
}

function "plain" {
  code    = "./src"
  timeout = 600
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    enabled = false
  }
}

output "url" {
  value = function.sticky.http_trigger.ws.url
}
`

// wsdeploy sessions lists a function's sessions through the provider's
// Session API (the aliyun code path, against a real gateway), as a table
// and as -json, ends one with --delete, and says clearly why when the
// function has no session affinity or is not in the stack.
func TestE2ESessions(t *testing.T) {
	stack, env := smokeEnv(t)
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(sessionsStack), 0o644)
	r := runBinaryEnv(t, env, stack, "", "apply", "-auto-approve")
	noStackTrace(t, r)
	r.expect(t, exitOK)
	url := regexp.MustCompile(`url = "(http://[^"]+)"`).FindStringSubmatch(r.stdout)
	if url == nil {
		t.Fatalf("no url output:\n%s", r.stdout)
	}

	r = runBinaryEnv(t, env, stack, "", "sessions", "plain")
	r.expect(t, exitError)
	if !containsAll(r.stderr, `function "plain" has no session_affinity block`, "session_affinity {") {
		t.Errorf("no affinity:\n%s", r.stderr)
	}
	r = runBinaryEnv(t, env, stack, "", "sessions", "nosuch")
	r.expect(t, exitError)
	r = runBinaryEnv(t, env, stack, "", "sessions")
	r.expect(t, exitError)

	r = runBinaryEnv(t, env, stack, "", "sessions", "sticky")
	noStackTrace(t, r)
	r.expect(t, exitOK)
	if !strings.Contains(r.stdout, "Function sticky has no sessions") {
		t.Errorf("before any connection:\n%s", r.stdout)
	}

	// A connection with a session id makes a session bound to its instance.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url[1], "http"), &websocket.DialOptions{
		HTTPHeader: http.Header{"x-chat-session": {"room-42"}}})
	if err != nil {
		t.Fatal(err)
	}
	c.Close(websocket.StatusNormalClosure, "")

	r = runBinaryEnv(t, env, stack, "", "sessions", "sticky")
	r.expect(t, exitOK)
	if !containsAll(r.stdout, "SESSION", "INSTANCE", "LAST ACTIVE", "room-42") {
		t.Errorf("table:\n%s", r.stdout)
	}
	if !activeSession(t, runBinaryEnv(t, env, stack, "", "-json", "sessions", "sticky"), "room-42") {
		t.Errorf("-json has no active session room-42 bound to an instance")
	}

	r = runBinaryEnv(t, env, stack, "", "sessions", "--delete", "room-42", "sticky")
	r.expect(t, exitOK)
	if activeSession(t, runBinaryEnv(t, env, stack, "", "-json", "sessions", "sticky"), "room-42") {
		t.Errorf("the deleted session room-42 is still active")
	}
	// An unknown id is the provider's not found, said as such.
	r = runBinaryEnv(t, env, stack, "", "sessions", "--delete", "no-such-session", "sticky")
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, `function "sticky" has no session "no-such-session"`) {
		t.Errorf("deleting an unknown session:\n%s", r.stderr)
	}
}

// activeSession reports whether the -json listing in r has the session id
// active and bound to an instance.
func activeSession(t *testing.T, r result, id string) bool {
	t.Helper()
	r.expect(t, exitOK)
	for _, ev := range jsonEvents(t, r.stdout) {
		if ev["type"] != "sessions" {
			continue
		}
		for _, s := range ev["sessions"].([]any) {
			if m := s.(map[string]any); m["id"] == id && m["instance"] != "" && m["status"] == "Active" {
				return true
			}
		}
	}
	return false
}
