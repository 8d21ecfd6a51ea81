package dataplane

import (
	"errors"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// abnormal reports whether err is a connection that ended without a close
// frame: what browsers and other clients report as 1006.
func abnormal(err error) bool {
	return websocket.CloseStatus(err) == -1 && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET))
}

// TestTimeout: a connection older than the function's timeout is cut
// without a close frame; third-party clients report 1006.
func TestTimeout(t *testing.T) {
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			c.require(t)
			e := newEnv(t, withFakeClock)
			e.function("fn", func(s *FunctionSpec) { s.TimeoutSeconds = 5 })
			h := c.hold(t, "ws"+strings.TrimPrefix(e.trigger("fn", nil), "http"))
			e.clock.Advance(4 * time.Second)
			e.clock.Advance(time.Second)
			if code := h.closeCode(); code != 1006 {
				t.Errorf("after the timeout the client saw close code %d, want 1006", code)
			}
		})
	}
	t.Run("real clock", func(t *testing.T) {
		e := newEnv(t)
		e.function("fn", func(s *FunctionSpec) { s.TimeoutSeconds = 1 })
		c := mustDial(t, e.trigger("fn", nil))
		start := time.Now()
		echo(t, c, "before the timeout")
		err := readErr(t, c)
		if !abnormal(err) {
			t.Errorf("connection ended with %v, want an abnormal closure (no close frame)", err)
		}
		if d := time.Since(start); d < 900*time.Millisecond {
			t.Errorf("cut after %s, before the 1 s timeout", d)
		}
	})
	t.Run("plain request", func(t *testing.T) {
		e := newEnv(t, withFakeClock)
		e.function("fn", func(s *FunctionSpec) { s.TimeoutSeconds = 3 })
		url := e.trigger("fn", nil)
		type answer struct {
			code int
			typ  string
			body string
		}
		done := make(chan answer, 1)
		go func() {
			resp, err := e.http.Get(url + "sleep?ms=60000")
			if err != nil {
				done <- answer{body: err.Error()}
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			done <- answer{resp.StatusCode, resp.Header.Get(fcspec.HeaderErrorType), string(b)}
		}()
		e.waitLine("sleeping") // the request reached the instance: its timer runs
		e.clock.Advance(3 * time.Second)
		a := <-done
		if a.code != 502 || a.typ != string(fcspec.ErrorTypeUnhandled) || !strings.Contains(a.body, string(fcspec.CodeFunctionTimeout)) {
			t.Errorf("request past the timeout: %d %s %.300q, want 502 UnhandledInvocationError FunctionTimeout", a.code, a.typ, a.body)
		}
	})
}

// TestCrash: SIGKILL an instance; its connections end with 1006 and the
// next connection gets a new instance.
func TestCrash(t *testing.T) {
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			c.require(t)
			e := newEnv(t)
			e.function("fn", nil)
			url := e.trigger("fn", nil)
			h := c.hold(t, "ws"+strings.TrimPrefix(url, "http"))
			insts := e.p.Instances("fn")
			if len(insts) != 1 {
				t.Fatalf("instances %+v, want one", insts)
			}
			if err := syscall.Kill(insts[0].PID, syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			if code := h.closeCode(); code != 1006 {
				t.Errorf("after the crash the client saw close code %d, want 1006", code)
			}
			ev := e.waitEvent(InstanceCrashed)
			if ev.InstanceID != insts[0].ID || ev.Exit.Signal != syscall.SIGKILL {
				t.Errorf("crash event %+v, want instance %s killed by SIGKILL", ev, insts[0].ID)
			}
			_, id := helloID(t, url)
			if id == insts[0].ID {
				t.Errorf("the next connection went to the dead instance %s", id)
			}
			if st := e.p.Stats()[0]; st.Crashes != 1 {
				t.Errorf("crashes = %d, want 1", st.Crashes)
			}
		})
	}
	t.Run("before answering", func(t *testing.T) {
		e := newEnv(t)
		e.function("fn", nil)
		url := e.trigger("fn", nil)
		code, h, b := e.get(url + "crash")
		expectRefusal(t, code, h, b, 502, fcspec.ErrorTypeUnhandled, fcspec.CodeFunctionCrashed)
		e.waitEvent(InstanceCrashed)
		_, resp, err := dial(t, url+"?crash=1", nil)
		if err == nil {
			t.Fatal("a handshake passed although the function crashed on it")
		}
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 502, fcspec.ErrorTypeUnhandled, fcspec.CodeFunctionCrashed)
	})
}

// gatewaySink passes the lines the gateway itself writes to a function's
// log (not the instances' output) to a channel.
type gatewaySink chan string

func (s gatewaySink) Line(_, instanceID, stream string, _ time.Time, line string) {
	if stream == streamGateway {
		select {
		case s <- instanceID + " " + line:
		default: // the test reads few; more would be a failure of its own
		}
	}
}

// TestCrashIsInTheFunctionsLog: an instance that exits by itself, often
// without a word to its output, has the gateway say so in the function's
// log (wsdeploy logs), where the user looks for why a client got 1006.
func TestCrashIsInTheFunctionsLog(t *testing.T) {
	logs := make(gatewaySink, 100)
	e := newEnv(t, func(c *Config) { c.LogSink = logs })
	e.function("fn", nil)
	url := e.trigger("fn", nil)
	e.get(url + "crash")
	ev := e.waitEvent(InstanceCrashed)
	// The line is written before the event is sent: it is there by now.
	want := ev.InstanceID + " instance " + ev.InstanceID + " ended: exit status 3"
	for {
		select {
		case l := <-logs:
			if l == want {
				return
			}
		default:
			t.Fatalf("the function's log has no %q", want)
		}
	}
}

// TestLoopbackRefused: a function that binds 127.0.0.1 would be
// unreachable on FC; the request that started it gets the instance
// package's explanation as a 502.
func TestLoopbackRefused(t *testing.T) {
	e := newEnv(t)
	e.function("fn", func(s *FunctionSpec) { s.Args = []string{"-host", "127.0.0.1"} })
	url := e.trigger("fn", nil)
	_, resp, err := dial(t, url, nil)
	if err == nil {
		t.Fatal("a loopback-bound function served a connection")
	}
	r := expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 502, fcspec.ErrorTypeUnhandled, fcspec.CodeFunctionNotStarted)
	want := (&instance.LoopbackError{Function: "fn", Addr: "127.0.0.1:"}).Error()
	want = want[strings.Index(want, "; "):strings.Index(want, "0.0.0.0:")] // the reason after the address
	if !strings.Contains(r.body.ErrorMessage, "listens on 127.0.0.1:") || !strings.Contains(r.body.ErrorMessage, want) {
		t.Errorf("message %q, want the instance package's loopback refusal", r.body.ErrorMessage)
	}
	ev := e.waitEvent(InstanceStartFailed)
	if !instance.IsLoopback(ev.Err) {
		t.Errorf("start failure %v, want a LoopbackError", ev.Err)
	}
	if n := len(e.p.Instances("fn")); n != 0 {
		t.Errorf("%d instances left after a failed start", n)
	}
}

// TestUpdateDrains: a new spec takes new connections to new instances; the
// old instance serves its open connection to the end, then stops.
func TestUpdateDrains(t *testing.T) {
	e := newEnv(t)
	spec := e.function("fn", nil)
	url := e.trigger("fn", nil)
	old, oldID := helloID(t, url)

	spec.Generation = "2"
	if err := e.p.SetFunction(spec, e.now()); err != nil {
		t.Fatal(err)
	}
	_, newID := helloID(t, url)
	if newID == oldID {
		t.Fatalf("after the update a connection went to the old instance %s", oldID)
	}
	echo(t, old, "the old connection runs on")
	old.Close(websocket.StatusNormalClosure, "")
	ev := e.waitEvent(InstanceStopped)
	if ev.InstanceID != oldID || ev.Reason != ReasonDrained {
		t.Errorf("stop event %+v, want the old instance %s drained", ev, oldID)
	}
}

// TestIdleTTL: an instance that served nothing for IdleTTL is stopped; the
// next request starts a new one.
func TestIdleTTL(t *testing.T) {
	e := newEnv(t, withFakeClock, func(c *Config) { c.IdleTTL = time.Minute })
	e.function("fn", nil)
	url := e.trigger("fn", nil)
	_, _, first := e.get(url + "id")
	e.waitIdle("fn")
	e.clock.Advance(59 * time.Second)
	if n := len(e.p.Instances("fn")); n != 1 {
		t.Fatalf("%d instances before the TTL, want 1", n)
	}
	e.clock.Advance(time.Second)
	ev := e.waitEvent(InstanceStopped)
	if ev.InstanceID != first || ev.Reason != ReasonIdle {
		t.Errorf("stop event %+v, want %s stopped as idle", ev, first)
	}
	if _, _, next := e.get(url + "id"); next == first {
		t.Errorf("a request after the TTL went to the stopped instance %s", first)
	}
}

// TestIdleDrop cuts a silent connection like a NAT gateway, and keeps one
// that pings.
func TestIdleDrop(t *testing.T) {
	const drop = 400 * time.Millisecond
	e := newEnv(t, func(c *Config) { c.IdleDrop = drop })
	e.function("fn", func(s *FunctionSpec) { s.InstanceConcurrency = 2 })
	url := e.trigger("fn", nil)
	start := time.Now() // before the handshake, the last bytes the silent one carries
	silent, busy := mustDial(t, url), mustDial(t, url)

	ended := make(chan error, 1)
	go func() { ended <- readErr(t, silent) }()
	stop := make(chan struct{})
	pinged := make(chan error, 1)
	go func() {
		// Pings need a reader for their pongs: CloseRead in coder/websocket.
		ctx := busy.CloseRead(t.Context())
		tick := time.NewTicker(drop / 8)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				pinged <- nil
				return
			case <-tick.C:
				if err := busy.Ping(ctx); err != nil {
					pinged <- err
					return
				}
			}
		}
	}()

	err := <-ended
	if !abnormal(err) {
		t.Errorf("the silent connection ended with %v, want an abnormal closure", err)
	}
	// The kernel keeps the last receive time in jiffies (up to 10 ms).
	if d := time.Since(start); d < drop-10*time.Millisecond {
		t.Errorf("the silent connection was cut after %s, before the %s idle-drop", d, drop)
	}
	// The pinging one outlives twice the idle-drop: here time passing is
	// the behaviour under test, not a stand-in for synchronisation.
	time.Sleep(2 * drop)
	close(stop)
	if err := <-pinged; err != nil {
		t.Errorf("the pinging connection failed: %v", err)
	}
}
