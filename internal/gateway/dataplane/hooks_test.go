package dataplane

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// hooked sets function fn running wsfunc with the given hook flags and
// hooks, and returns its trigger's URL.
func (e *env) hooked(fn string, init, preStop *Hook, flags ...string) string {
	e.t.Helper()
	e.function(fn, func(s *FunctionSpec) {
		s.Command = append([]string{wsfuncBin}, flags...)
		s.Initializer, s.PreStop = init, preStop
	})
	return e.trigger(fn, nil)
}

// waitPrefix waits for an instance to print a line starting with prefix,
// and returns it.
func (e *env) waitPrefix(prefix string) string {
	e.t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case l := <-e.lines:
			if strings.HasPrefix(l, prefix) {
				return l
			}
		case <-deadline:
			e.t.Fatalf("no line starting with %q within %s", prefix, waitLimit)
		}
	}
}

// expectHookLine checks a hook's line from wsfunc: "NAME METHOD REQUEST-ID".
func expectHookLine(t *testing.T, line, method string) {
	t.Helper()
	f := strings.Fields(line)
	if len(f) != 3 || f[1] != method || !strings.HasPrefix(f[2], "1-") {
		t.Errorf("hook request %q: want %s with an x-fc-request-id", line, method)
	}
}

// TestInitializerGatesTraffic: with an Initializer, a new instance gets
// POST /initialize with FC's headers first, and the connection that
// started it reaches it only once the hook answered (wsfunc answers 500
// to anything before).
func TestInitializerGatesTraffic(t *testing.T) {
	e := newEnv(t)
	hold := filepath.Join(t.TempDir(), "release")
	url := e.hooked("fn", &Hook{Timeout: waitLimit}, nil, "-initialize=ok", "-init-hold="+hold)

	dialed := make(chan error, 1)
	go func() {
		c, resp, err := dial(t, url, nil)
		if err == nil {
			c.CloseNow()
		} else {
			err = errors.New(err.Error() + " " + status(resp))
		}
		dialed <- err
	}()
	expectHookLine(t, e.waitPrefix("initialize "), fcspec.InitializeMethod)
	select {
	case err := <-dialed:
		t.Fatalf("the handshake ended (%v) while the Initializer had not answered", err)
	default:
	}
	mustCreate(t, hold)
	if err := <-dialed; err != nil {
		t.Fatalf("the handshake after the Initializer answered: %v", err)
	}
	c := mustDial(t, url)
	echo(t, c, "served after initialization")
	if c := e.meter.wait(t, true); !c.hook {
		t.Errorf("the first metered interval %+v is not the Initializer's", c)
	}
}

// TestInitializerFailureRetried: a failing Initializer answers the waiting
// handshake with FC's InitializationError, its detail goes to the
// function's log, and the next connection starts a new instance.
func TestInitializerFailureRetried(t *testing.T) {
	e := newEnv(t)
	marker := filepath.Join(t.TempDir(), "failed-once")
	url := e.hooked("fn", &Hook{Timeout: waitLimit}, nil, "-initialize=fail-once:"+marker)

	_, resp, err := dial(t, url, nil)
	if err == nil || resp == nil {
		t.Fatalf("a handshake on an instance whose Initializer failed: err %v, response %v", err, resp)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get(fcspec.HeaderErrorType) != string(fcspec.ErrorTypeInitialization) {
		t.Errorf("answer %s; want FC's 200 with X-Fc-Error-Type %s", status(resp), fcspec.ErrorTypeInitialization)
	}
	failed := e.waitEvent(InstanceStartFailed)
	if l := e.waitPrefix("instance failed to start: "); !strings.Contains(l, "POST /initialize answered 500") {
		t.Errorf("the function's log says %q, not what the Initializer answered", l)
	}
	c, resp, err := dial(t, url+"?hello=1", nil)
	if err != nil {
		t.Fatalf("the next handshake: %v (%s)", err, status(resp))
	}
	defer c.CloseNow()
	if id := read(t, c); id == failed.InstanceID {
		t.Errorf("the next connection went to the instance whose Initializer failed, %s", id)
	}
}

// preStopped waits for the PreStop hook, then the SIGTERM, in that order.
func (e *env) preStopped() {
	e.t.Helper()
	expectHookLine(e.t, e.waitPrefix("pre-stop "), fcspec.PreStopMethod)
	e.waitLine("SIGTERM")
}

// TestPreStopBeforeSIGTERM: every way the plane stops an instance sends
// GET /pre-stop first, and SIGTERM only after it answered.
func TestPreStopBeforeSIGTERM(t *testing.T) {
	hook := &Hook{Timeout: waitLimit}
	t.Run("idle", func(t *testing.T) {
		e := newEnv(t, withFakeClock, func(c *Config) { c.IdleTTL = time.Minute })
		url := e.hooked("fn", nil, hook, "-pre-stop=ok")
		e.get(url + "id")
		e.waitIdle("fn")
		e.clock.Advance(time.Minute)
		e.preStopped()
		if ev := e.waitEvent(InstanceStopped); ev.Reason != ReasonIdle {
			t.Errorf("stopped as %q, want idle", ev.Reason)
		}
		if c := e.meter.wait(t, true); c.hook {
			t.Errorf("the request was not metered before the hook: %+v", c)
		}
		if c := e.meter.wait(t, true); !c.hook {
			t.Errorf("the PreStop hook was not metered: %+v", c)
		}
	})
	t.Run("update", func(t *testing.T) {
		e := newEnv(t)
		url := e.hooked("fn", nil, hook, "-pre-stop=ok")
		e.get(url + "id")
		e.waitIdle("fn")
		e.function("fn", func(s *FunctionSpec) {
			s.Generation = "2"
			s.Command = []string{wsfuncBin, "-pre-stop=ok"}
			s.PreStop = hook
		})
		e.preStopped()
	})
	t.Run("delete", func(t *testing.T) {
		e := newEnv(t)
		url := e.hooked("fn", nil, hook, "-pre-stop=ok")
		e.get(url + "id")
		e.waitIdle("fn")
		e.p.DeleteFunction("fn")
		e.preStopped()
	})
	t.Run("gateway stop", func(t *testing.T) {
		e := newEnv(t)
		url := e.hooked("fn", nil, hook, "-pre-stop=ok")
		e.get(url + "id")
		closed := closeAsync(e)
		e.preStopped()
		if err := <-closed; err != nil {
			t.Fatal(err)
		}
	})
}

func closeAsync(e *env) <-chan error {
	closed := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		closed <- e.p.Close(ctx)
	}()
	return closed
}

// TestPreStopTimeout: a PreStop hook that never answers delays the stop
// by its timeout, not less and not forever.
func TestPreStopTimeout(t *testing.T) {
	const timeout = 2 * time.Second
	e := newEnv(t)
	url := e.hooked("fn", nil, &Hook{Timeout: timeout}, "-pre-stop=hang")
	e.get(url + "id")
	began := time.Now()
	closed := closeAsync(e)
	e.waitPrefix("pre-stop ")
	e.waitLine("SIGTERM")
	took := time.Since(began)
	if took < timeout || took > timeout+waitLimit/2 {
		t.Errorf("SIGTERM came %s after the stop began; want the hook's timeout %s (and not much more)", took, timeout)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
}

// TestPreStopCloses1001: a server that closes its WebSockets in its
// PreStop hook reaches its clients with 1001, not the 1006 of a cut.
func TestPreStopCloses1001(t *testing.T) {
	e := newEnv(t)
	url := e.hooked("fn", nil, &Hook{Timeout: waitLimit}, "-pre-stop=ok")
	c := mustDial(t, url)
	echo(t, c, "open")
	closed := closeAsync(e)
	if err := readErr(t, c); websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("the connection ended with %v (status %d), want the server's 1001", err, websocket.CloseStatus(err))
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
}

func mustCreate(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
}
