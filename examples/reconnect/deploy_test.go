package reconnect_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/examples/internal/exampletest"
)

func TestMain(m *testing.M) { os.Exit(exampletest.Main(m)) }

const (
	timeout = 5 // seconds: the function's, so cuts come quickly
	// Pings every 250 ms keep a connection busy unless the client stalls
	// for more than 1.25 s; the silent one is cut after 1.5 s.
	idleDrop = 1500 * time.Millisecond
	ping     = 250 * time.Millisecond
)

// The function's timeout cuts connections (1006) and the client's session
// carries on over reconnects; an idle-dropping gateway cuts a silent
// connection and spares one that pings.
func TestDeploy(t *testing.T) {
	exampletest.RequireNodeModules(t, "server", "ws")
	exampletest.RequireNodeModules(t, "client", "ws", "reconnecting-websocket")
	gw := exampletest.StartGateway(t, "--idle-drop="+idleDrop.String())
	gw.LogsOnFailure(t, "session")
	vars := []string{"-var", "timeout=" + strconv.Itoa(timeout)}

	gw.Validate(t, ".")
	url := exampletest.WebSocketURL(exampletest.URL(t, gw.Apply(t, ".", vars...), "url"), "/")

	// Both run at once: together they take about as long as the longer one.
	t.Run("clients", func(t *testing.T) {
		t.Run("session survives timeouts", func(t *testing.T) { t.Parallel(); session(t, url) })
		t.Run("pings survive idle-drop", func(t *testing.T) { t.Parallel(); keepalive(t, url) })
	})

	// Last, with a timeout long enough that only the stop ends a connection.
	vars = []string{"-var", "timeout=300"}
	gw.Apply(t, ".", vars...)
	t.Run("pre-stop closes with 1001", func(t *testing.T) { preStop(t, gw, url) })

	gw.ExpectNoChanges(t, ".", vars...)
	gw.Destroy(t, ".", vars...)
}

// preStop stops the gateway under an open session, as FC stops an
// instance: the PreStop hook (lifecycle in main.hcl) has the server close
// the connection with 1001, and the client resumes its session on the
// restarted gateway at once, without ever seeing a 1006.
func preStop(t *testing.T, gw *exampletest.Gateway, url string) {
	sessions := func() int { return strings.Count(gw.Run(t, ".", "logs", "session").Stdout, ": new") }
	before := sessions()
	ctx, cancel := context.WithTimeout(context.Background(), 2*exampletest.Wait)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "session.mjs", url, "1", "1001")
	cmd.Dir = "client"
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The session is open once the function has logged it.
	for deadline := time.Now().Add(exampletest.Wait); sessions() == before; {
		if time.Now().After(deadline) {
			t.Fatalf("the session never opened\n%s", stderr.String())
		}
		time.Sleep(100 * time.Millisecond) // polling the log, as a user would
	}
	gw.Restart(t)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("node session.mjs: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	var res struct {
		Connections []struct{ Resumed bool }
		Closes      []int
	}
	if err := json.Unmarshal([]byte(stdout.String()), &res); err != nil {
		t.Fatalf("node printed %q: %v", stdout.String(), err)
	}
	// After the 1001, dials to the gateway while it restarts are refused:
	// reconnecting-websocket reports each as a close of its own (1000).
	if len(res.Closes) == 0 || res.Closes[0] != 1001 || slices.Contains(res.Closes, 1006) {
		t.Errorf("close codes %v; want the PreStop hook's 1001 first and no 1006", res.Closes)
	}
	if len(res.Connections) != 2 || !res.Connections[1].Resumed {
		t.Errorf("connections %+v; want the session resumed on a second connection", res.Connections)
	}
	if logs := gw.Run(t, ".", "logs", "session").Stdout; !strings.Contains(logs, "pre-stop: closing 1 connection(s) with 1001") {
		t.Errorf("the function's log does not show its PreStop hook:\n%s", logs)
	}
}

// node runs one of client/'s scripts and decodes the JSON line it prints.
func node(t *testing.T, v any, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*exampletest.Wait)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = "client"
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("node %s printed %q: %v", strings.Join(args, " "), out, err)
	}
}

func session(t *testing.T, url string) {
	var res struct {
		Session     string
		Connections []struct {
			Instance string
			Resumed  bool
			FirstSeq int `json:"first_seq"`
		}
		Closes  []int
		LastAck int `json:"last_ack"`
	}
	// The script itself fails on a changed session, a refused resume, or an
	// ack out of order (lost or repeated messages).
	node(t, &res, "session.mjs", url, "2")
	if len(res.Closes) != 2 || res.Closes[0] != 1006 || res.Closes[1] != 1006 {
		t.Errorf("close codes %v; want the timeout's cut, 1006, twice", res.Closes)
	}
	if len(res.Connections) != 3 || res.Connections[0].Resumed || !res.Connections[1].Resumed || !res.Connections[2].Resumed {
		t.Errorf("connections %+v; want a new session, then two resumed", res.Connections)
	}
	// Messages went one every 200 ms: each connection carried several.
	for i, c := range res.Connections[1:] {
		if c.FirstSeq <= res.Connections[i].FirstSeq+1 {
			t.Errorf("connection %d began at message %d, the one before at %d: the session did not carry on", i+2, c.FirstSeq, res.Connections[i].FirstSeq)
		}
	}
	t.Logf("session %s: %d connections, closes %v, %d messages acknowledged in order", res.Session, len(res.Connections), res.Closes, res.LastAck)
}

func keepalive(t *testing.T, url string) {
	type conn struct {
		Code   int
		OpenMS int64 `json:"open_ms"`
	}
	var res struct {
		Pinger, Silent conn
		SilentCutFirst bool `json:"silent_cut_first"`
	}
	hold := 2 * idleDrop // past idle-drop, well before the 5 s timeout
	node(t, &res, "keepalive.mjs", url, strconv.FormatInt(ping.Milliseconds(), 10), strconv.FormatInt(hold.Milliseconds(), 10))
	if res.Silent.Code != 1006 || !res.SilentCutFirst {
		t.Errorf("silent connection: %+v (cut first: %v); want cut with 1006 while the pinging one was open", res.Silent, res.SilentCutFirst)
	}
	if res.Pinger.Code != 1000 || res.Pinger.OpenMS < hold.Milliseconds() {
		t.Errorf("pinging connection: %+v; want open for %s, then closed by the client with 1000", res.Pinger, hold)
	}
}
