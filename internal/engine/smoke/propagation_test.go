package smoke

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// A new trigger answers 404 until the gateway's propagation delay has
// passed; the smoke test waits it out and connects right after.
func TestWaitsOutPropagation(t *testing.T) {
	testtier.MeasuresLatency(t)
	const delay = 2 * time.Second
	g := startGateway(t, func(c *server.Config) { c.PropagationDelay = delay })
	g.function("echo", echoZip)
	created := time.Now() // before the create: the gateway's delay starts later
	target := g.trigger("echo", anonymousGET)
	target.Smoke.Send, target.Smoke.Expect = "hello", "hello"

	var waits []Event
	lag := time.Since(created)
	r, _ := runOne(t, target, Options{
		PropagationWindow: delay, // as the CLI passes the local gateway's delay
		Progress: func(e Event) {
			if e.Type == Waiting {
				waits = append(waits, e)
			}
		},
	})
	want(t, r, OK)
	t.Logf("connected %s after the delay ended (%d attempts)", r.Waited+lag-delay, r.Attempts)
	if r.Waited+lag < delay {
		t.Errorf("connected after %s, before the %s delay", r.Waited+lag, delay)
	}
	if r.Waited >= delay+1500*time.Millisecond {
		t.Errorf("waited %s for a %s delay: the trigger was served long before", r.Waited, delay)
	}
	if r.Attempts < 3 || len(waits) != r.Attempts-1 {
		t.Errorf("%d attempts, %d waiting events", r.Attempts, len(waits))
	}
	for i, e := range waits {
		if e.Attempt != i+1 || !strings.Contains(e.Last, "404 FcCommonError TriggerNotFound") {
			t.Errorf("waiting event %d: %+v", i, e)
		}
	}
	if r.Answer == nil || r.Answer.Status != http.StatusNotFound || r.Answer.RequestID == "" {
		t.Errorf("last refusal: %+v", r.Answer)
	}
	if r.Handshake <= 0 || r.PingRTT <= 0 || r.ReplyRTT <= 0 {
		t.Errorf("timings: handshake %s, ping %s, reply %s", r.Handshake, r.PingRTT, r.ReplyRTT)
	}
}

// A trigger that never appears is unreachable once its deadline has
// passed, and not much later: whether it answers 404 forever or nothing
// listens at its URL.
func TestNeverReachable(t *testing.T) {
	testtier.MeasuresLatency(t)
	t.Parallel()
	g := startGateway(t, func(c *server.Config) { c.PropagationDelay = time.Hour })
	stuck := g.echo("stuck")
	refused := Target{Function: "gone", Trigger: "ws", URL: closedPortURL(t), AuthType: "anonymous", Smoke: defaultSmoke()}
	const timeout = 1500 * time.Millisecond
	stuck.Smoke.Timeout, refused.Smoke.Timeout = timeout, timeout

	began := time.Now()
	sum, err := Run(t.Context(), []Target{stuck, refused}, Options{})
	elapsed := time.Since(began)
	if err != nil {
		t.Fatal(err)
	}
	want(t, sum.Results[0], Unreachable, "1.5s", "404 FcCommonError TriggerNotFound", "raise smoke { timeout")
	want(t, sum.Results[1], Unreachable, "1.5s", "connection refused")
	if elapsed < timeout || elapsed > timeout+time.Second {
		t.Errorf("gave up after %s; the deadline was %s", elapsed, timeout)
	}
	for _, r := range sum.Results {
		if r.Attempts < 4 || r.Waited < timeout {
			t.Errorf("%s: %d attempts in %s", r.Function, r.Attempts, r.Waited)
		}
	}
	if sum.ExitCode() != ExitUnreachable {
		t.Errorf("exit code %d", sum.ExitCode())
	}
}

// closedPortURL is a loopback URL where nothing listens.
func closedPortURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/"
}

// After an update the old configuration answers for a while: its 403 is
// waited out within the propagation window, and is a failure after it.
func TestUpdatedTriggerWindow(t *testing.T) {
	testtier.MeasuresLatency(t)
	t.Parallel()
	const delay = time.Second
	g := startGateway(t, func(c *server.Config) { c.PropagationDelay = delay })
	postOnly := `{"methods":["POST"],"authType":"anonymous"}`
	g.function("fixed", echoZip)
	fixed := g.trigger("fixed", postOnly)
	g.function("broken", echoZip)
	broken := g.trigger("broken", postOnly)
	waitStatus(t, fixed.URL, http.StatusForbidden)
	waitStatus(t, broken.URL, http.StatusForbidden)

	g.updateTrigger(&fixed, anonymousGET)
	g.updateTrigger(&broken, `{"methods":["POST","PUT"],"authType":"anonymous"}`)
	sum, err := Run(t.Context(), []Target{fixed, broken}, Options{PropagationWindow: delay})
	if err != nil {
		t.Fatal(err)
	}
	ok, failed := sum.Results[0], sum.Results[1]
	want(t, ok, OK)
	if ok.Attempts < 2 || ok.Answer == nil || ok.Answer.Status != http.StatusForbidden {
		t.Errorf("the old configuration was not met first: %d attempts, last refusal %+v", ok.Attempts, ok.Answer)
	}
	want(t, failed, Failed, "403 FcCommonError MethodNotAllowed", "after the trigger was updated", `add "GET" to the methods`)
	window := Options{PropagationWindow: delay}.updateWindow()
	if since := time.Since(broken.Change.At); since < window || failed.Waited > window+2*time.Second {
		t.Errorf("failed %s after the update, having waited %s; the window is %s", since, failed.Waited, window)
	}
}

// waitStatus polls url until it answers status, as a client would.
func waitStatus(t *testing.T, url string, status int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == status {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never answered %d", url, status)
		}
		time.Sleep(20 * time.Millisecond) // polling a URL, as a client would
	}
}

// A gateway that answers half the handshakes with 503 is ridden out. The
// gateway numbers requests as they arrive and picks the faulty ones by
// number, so for handshakes made one after another the attempts are known
// in advance.
func TestRidesOutA503Storm(t *testing.T) {
	testtier.MeasuresLatency(t)
	t.Parallel()
	fault := dataplane.Fault{Status: http.StatusServiceUnavailable, Rate: 0.5, Seed: 7}
	g := startGateway(t, func(c *server.Config) { c.DataFault = fault })
	target := g.echo("stormy")
	target.Smoke.Send, target.Smoke.Expect = "through the storm", "through the storm"

	var n uint64
	retried := 0
	for run := range 6 {
		attempts := 1
		for n++; fault.Hits(n); n++ {
			attempts++
		}
		retried += attempts - 1
		r, _ := runOne(t, target, Options{})
		want(t, r, OK)
		if r.Attempts != attempts {
			t.Errorf("run %d: %d attempts, want %d", run, r.Attempts, attempts)
		}
		if attempts > 1 && (r.Answer == nil || r.Answer.Status != http.StatusServiceUnavailable) {
			t.Errorf("run %d: last refusal %+v, want 503", run, r.Answer)
		}
	}
	if retried < 3 {
		t.Fatalf("seed %d injects only %d faults into the first handshakes: pick a stormier seed", fault.Seed, retried)
	}

	// Concurrent targets share the storm; every one gets through.
	sum, err := Run(t.Context(), []Target{target, target, target, target}, Options{})
	if err != nil || sum.ExitCode() != 0 {
		t.Fatalf("concurrent: exit %d, %v: %+v", sum.ExitCode(), err, sum.Results)
	}
}
