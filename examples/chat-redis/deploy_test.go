package chatredis_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/examples/internal/exampletest"
)

func TestMain(m *testing.M) { os.Exit(exampletest.Main(m)) }

type event struct {
	Type     string `json:"type"`
	Instance string `json:"instance"`
	Name     string `json:"name"`
	Text     string `json:"text"`
}

// A real redis-server, the stack applied with redis_addr pointing at it,
// then users on different instances chat: Go clients, and two Chromium
// pages.
func TestDeploy(t *testing.T) {
	redisAddr := exampletest.StartRedis(t)
	gw := exampletest.StartGateway(t)
	gw.LogsOnFailure(t, "chat")
	vars := []string{"-var", "redis_addr=" + redisAddr}

	gw.Validate(t, ".")
	t.Run("fc settings", func(t *testing.T) { fcSettings(t, gw) })
	url := exampletest.URL(t, gw.Apply(t, ".", vars...), "url")

	t.Run("instances share messages", func(t *testing.T) { twoInstances(t, url) })
	t.Run("chromium", func(t *testing.T) { browsers(t, url) })

	gw.ExpectNoChanges(t, ".", vars...)
	gw.Destroy(t, ".", vars...)
}

// The role and VPC that FC needs validate when given, and a plan on the
// local gateway says that the VPC has no effect there (its instances use
// the host's network); without them the stack is the local one above.
func fcSettings(t *testing.T, gw *exampletest.Gateway) {
	fc := []string{
		"-var", "role=acs:ram::1234567890123456:role/chat-fc",
		"-var", "vpc_id=vpc-chat", "-var", `vswitch_ids=["vsw-chat"]`, "-var", "security_group_id=sg-chat",
	}
	gw.Validate(t, ".", fc...)
	r := gw.Run(t, ".", append([]string{"plan", "-detailed-exitcode"}, fc...)...).Expect(t, 2)
	if out := r.Stdout + r.Stderr; !strings.Contains(out, `function "chat" has a vpc block: the local gateway stores it but it has no effect locally`) {
		t.Errorf("the plan does not say the VPC has no effect locally:\n%s", out)
	}
	r = gw.Run(t, ".", "validate", "-var", "vpc_id=vpc-chat").Expect(t, 1)
	if !strings.Contains(r.Stderr, "main.hcl:63") {
		t.Errorf("a vpc block with only vpc_id is not refused at the block:\n%s", r.Stderr)
	}
}

type user struct {
	c     *websocket.Conn
	hello event
}

func join(t *testing.T, url, name string) user {
	c := exampletest.Dial(t, url, "/ws?name="+name)
	return user{c, read(t, c, func(e event) bool { return e.Type == "hello" })}
}

// read returns the first event that matches, skipping the others.
func read(t *testing.T, c *websocket.Conn, match func(event) bool) event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), exampletest.Wait)
	defer cancel()
	for {
		_, data, err := c.Read(ctx)
		if err != nil {
			t.Fatalf("waiting for a message: %v", err)
		}
		var e event
		if err := json.Unmarshal(data, &e); err != nil {
			t.Fatalf("not JSON: %q", data)
		}
		if match(e) {
			return e
		}
	}
}

func say(t *testing.T, u user, text string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), exampletest.Wait)
	defer cancel()
	if err := u.c.Write(ctx, websocket.MessageText, []byte(text)); err != nil {
		t.Fatal(err)
	}
}

// With instance_concurrency = 2, connections held open fill an instance and
// the gateway starts another: join until two users report different
// FC_INSTANCE_IDs, then each hears the other through Redis.
func twoInstances(t *testing.T, url string) {
	var a, b user
	first := join(t, url, "u0")
	for i := 1; b.c == nil; i++ {
		if i > 6 {
			t.Fatalf("6 connections held open, all on instance %s: instance_concurrency = 2 should have started another", first.hello.Instance)
		}
		u := join(t, url, fmt.Sprintf("u%d", i))
		if u.hello.Instance != first.hello.Instance {
			a, b = first, u
		}
	}
	t.Logf("a on %s, b on %s", a.hello.Instance, b.hello.Instance)

	for _, tc := range []struct{ from, to user }{{a, b}, {b, a}} {
		text := fmt.Sprintf("from %s at %d", tc.from.hello.Name, time.Now().UnixNano())
		say(t, tc.from, text)
		got := read(t, tc.to.c, func(e event) bool { return e.Type == "message" && e.Text == text })
		if got.Instance != tc.from.hello.Instance || got.Name != tc.from.hello.Name {
			t.Errorf("%s received %+v; want it from %s via instance %s", tc.to.hello.Name, got, tc.from.hello.Name, tc.from.hello.Instance)
		}
	}
}

// Two pages in headless Chromium: the page connects to its own trigger's
// /ws, one user types, the other sees it.
func browsers(t *testing.T, url string) {
	exampletest.RequireCommand(t, "/usr/bin/chromium")
	exampletest.RequireNodeModules(t, "browser", "playwright-core")
	ctx, cancel := context.WithTimeout(context.Background(), 2*exampletest.Wait)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "chat.mjs", url)
	cmd.Dir = "browser"
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node chat.mjs: %v\n%s%s", err, out, stderr.String())
	}
	var res struct {
		AliceInstance string `json:"alice_instance"`
		BobInstance   string `json:"bob_instance"`
		BobSaw        string `json:"bob_saw"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node chat.mjs printed %q: %v", out, err)
	}
	if !strings.HasPrefix(res.AliceInstance, "c-") || !strings.HasPrefix(res.BobInstance, "c-") || !strings.Contains(res.BobSaw, "alice: hello bob") {
		t.Errorf("chromium: %+v", res)
	}
	t.Logf("chromium: alice on %s, bob on %s; bob saw %q", res.AliceInstance, res.BobInstance, res.BobSaw)
}
