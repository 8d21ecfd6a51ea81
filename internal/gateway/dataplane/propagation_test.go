package dataplane

import (
	"errors"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// TestPropagation moves a fake clock through FC's trigger cache delay: a
// new trigger answers 404 until it has propagated, an updated one keeps its
// old behaviour until then, a deleted one answers 404 at once and frees its
// port after the delay.
func TestPropagation(t *testing.T) {
	e := newEnv(t, withFakeClock)
	delay := e.p.Delay()
	if delay != DefaultPropagationDelay {
		t.Fatalf("Delay() = %s, want FC's %s by default", delay, DefaultPropagationDelay)
	}
	e.function("fn", nil)
	tr := Trigger{URLID: "u1", Function: "fn", Name: "ws", Methods: []string{"GET"}, AuthType: "anonymous"}
	ep, err := e.p.SetTrigger(tr, e.now().Add(delay))
	if err != nil {
		t.Fatal(err)
	}
	if ep.Port == 0 || ep.URL != "http://127.0.0.1:"+itoa(ep.Port)+"/" {
		t.Fatalf("endpoint %+v: want a loopback URL with the chosen port", ep)
	}

	// Not yet propagated: the URL exists and answers FC's 404.
	code, h, b := e.get(ep.URL + "id")
	r := expectRefusal(t, code, h, b, 404, fcspec.ErrorTypeCommon, fcspec.CodeTriggerNotFound)
	if !strings.Contains(r.body.ErrorMessage, "10s") {
		t.Errorf("404 message %q does not mention the propagation delay", r.body.ErrorMessage)
	}
	e.clock.Advance(delay - time.Millisecond)
	code, h, b = e.get(ep.URL + "id")
	expectRefusal(t, code, h, b, 404, fcspec.ErrorTypeCommon, fcspec.CodeTriggerNotFound)

	e.clock.Advance(time.Millisecond)
	c := mustDial(t, ep.URL)
	echo(t, c, "propagated")

	// An update (GET removed) keeps the old behaviour until it propagates.
	tr.Methods = []string{"POST"}
	if ep2, err := e.p.SetTrigger(tr, e.now().Add(delay)); err != nil || ep2 != ep {
		t.Fatalf("update: %+v, %v; want the same endpoint %+v", ep2, err, ep)
	}
	if code, _, b := e.get(ep.URL + "id"); code != 200 {
		t.Fatalf("GET right after the update: %d %.300q, want the old behaviour (200)", code, b)
	}
	// Re-sending the same desired state (as after a function update)
	// does not cut the pending change's delay short.
	e.clock.Advance(delay / 2)
	if _, err := e.p.SetTrigger(tr, e.now()); err != nil {
		t.Fatal(err)
	}
	if code, _, b := e.get(ep.URL + "id"); code != 200 {
		t.Fatalf("GET after re-sending the update: %d %.300q, want the old behaviour until the delay has passed", code, b)
	}
	e.clock.Advance(delay / 2)
	code, h, b = e.get(ep.URL + "id")
	expectRefusal(t, code, h, b, 403, fcspec.ErrorTypeCommon, fcspec.CodeMethodNotAllowed)
	echo(t, c, "an open connection is not affected")

	// The port is an input: after a restart the same port serves it again.
	if _, err := e.p.SetTrigger(Trigger{URLID: "u1", Function: "fn", Name: "ws", Methods: []string{"GET"}, Port: ep.Port + 1}, e.now()); err == nil {
		t.Error("SetTrigger accepted another port for an existing trigger")
	}

	// Deleted: 404 at once, the listener closes after the delay.
	e.p.DeleteTrigger("u1")
	code, h, b = e.get(ep.URL + "id")
	expectRefusal(t, code, h, b, 404, fcspec.ErrorTypeCommon, fcspec.CodeTriggerNotFound)
	e.http.CloseIdleConnections()
	e.clock.Advance(delay)
	conn, err := net.DialTimeout("tcp", "127.0.0.1:"+itoa(ep.Port), waitLimit)
	if err == nil {
		conn.Close()
		t.Fatalf("port %d still accepts after the deleted trigger's delay", ep.Port)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial after delete: %v, want connection refused", err)
	}
	echo(t, c, "still open after the trigger is gone")

	// Restart: a fresh plane given the recorded port serves at once.
	e2 := newEnv(t)
	e2.function("fn", nil)
	tr.Methods, tr.Port = []string{"GET"}, ep.Port
	ep3, err := e2.p.SetTrigger(tr, time.Time{})
	if err != nil || ep3.Port != ep.Port {
		t.Fatalf("restored trigger: %+v, %v; want port %d", ep3, err, ep.Port)
	}
	if code, _, b := e2.get(ep3.URL + "id"); code != 200 {
		t.Fatalf("restored trigger: %d %.300q", code, b)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
