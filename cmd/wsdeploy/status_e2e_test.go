package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/internal/engine/views"
)

// statusStack is the echo server without a smoke test, so that no
// instance runs until a client connects.
const statusStack = `
stack = "status-e2e"

function "chat" {
  code    = "./src"
  timeout = 600
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    enabled = false
  }
}
`

// wsdeploy status reads what is deployed: before apply the function is
// not deployed; after it, its state, runtime, code checksum and URL; with
// a WebSocket connection open, the instance that carries it (the
// gateway's ListInstances) and its one connection, as text and -json.
func TestE2EStatus(t *testing.T) {
	stack, env := smokeEnv(t)
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(statusStack), 0o644)
	status := func() views.FunctionStatus { return oneFunctionStatus(t, env, stack) }

	if f := status(); f.Deployed || !f.Declared || f.Address != "function.chat" {
		t.Errorf("before apply: %+v", f)
	}
	r := runBinaryEnv(t, env, stack, "", "status")
	r.expect(t, exitOK)
	if !containsAll(r.stdout, "Stack status-e2e on provider local: 0 functions deployed.", "not deployed: wsdeploy apply creates it") {
		t.Errorf("before apply:\n%s", r.stdout)
	}

	r = runBinaryEnv(t, env, stack, "", "apply", "-auto-approve")
	r.expect(t, exitOK)
	f := status()
	if !f.Deployed || f.State != "Active" || f.LastUpdateStatus != "Successful" || f.Runtime == "" || f.CodeChecksum == "" ||
		len(f.Triggers) != 1 || !strings.HasPrefix(f.Triggers[0].URL, "http://127.0.0.1:") || f.Instances == nil || len(f.Instances) != 0 {
		t.Fatalf("after apply: %+v", f)
	}
	url := f.Triggers[0].URL

	defer echoOpen(t, url).CloseNow()

	f = status()
	if len(f.Instances) != 1 || f.Instances[0].ID == "" || f.Instances[0].Status != "Running" ||
		f.Instances[0].Connections == nil || *f.Instances[0].Connections != 1 {
		t.Errorf("with a connection open: %+v", f.Instances)
	}
	r = runBinaryEnv(t, env, stack, "", "status")
	r.expect(t, exitOK)
	if !containsAll(r.stdout, "function.chat", "state:        Active, last update Successful", "trigger ws:   "+url,
		"instances:    1 instance, 1 connection", f.Instances[0].ID) {
		t.Errorf("with a connection open:\n%s", r.stdout)
	}
}

// oneFunctionStatus is what `wsdeploy -json status` says of the stack's
// one function.
func oneFunctionStatus(t *testing.T, env []string, stack string) views.FunctionStatus {
	t.Helper()
	r := runBinaryEnv(t, env, stack, "", "-json", "status")
	noStackTrace(t, r)
	r.expect(t, exitOK)
	for _, ev := range jsonEvents(t, r.stdout) {
		if ev["type"] != "status" {
			continue
		}
		b, _ := json.Marshal(ev["status"])
		var s views.StackStatus
		if err := json.Unmarshal(b, &s); err != nil || len(s.Functions) != 1 {
			t.Fatalf("status event %s: %v", b, err)
		}
		return s.Functions[0]
	}
	t.Fatalf("no status event:\n%s", r.stdout)
	return views.FunctionStatus{}
}

// echoOpen opens a WebSocket connection to the trigger URL and returns it
// open once the echo answered, so that it is carried by an instance.
func echoOpen(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Write(ctx, websocket.MessageText, []byte("hi")); err != nil {
		c.CloseNow()
		t.Fatal(err)
	}
	if _, msg, err := c.Read(ctx); err != nil || string(msg) != "hi" {
		c.CloseNow()
		t.Fatalf("echo: %q, %v", msg, err)
	}
	return c
}
