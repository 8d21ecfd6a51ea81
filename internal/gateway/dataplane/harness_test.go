package dataplane

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// env is one plane under test with its probes.
type env struct {
	t      *testing.T
	p      *Plane
	clock  *fakeClock // nil with the real clock
	events chan InstanceEvent
	meter  *recMeter
	lines  chan string // the instances' output
	http   *http.Client
}

type option func(*Config)

func withFakeClock(c *Config) { c.Clock = newFakeClock() }

func newEnv(t *testing.T, opts ...option) *env {
	t.Helper()
	testtier.NeedsProcesses(t)
	e := &env{t: t, events: make(chan InstanceEvent, 1000), meter: newRecMeter(), lines: make(chan string, 1000)}
	cfg := Config{
		GoroutineRelay: testGoroutineRelay,
		StopGrace:      2 * time.Second,
		Meter:          e.meter,
		LogSink:        lineSink(e.lines),
		Events: func(ev InstanceEvent) {
			select {
			case e.events <- ev:
			default:
				t.Errorf("event %v dropped: the test does not read events", ev.Kind)
			}
		},
	}
	for _, o := range opts {
		o(&cfg)
	}
	if fc, ok := cfg.Clock.(*fakeClock); ok {
		e.clock = fc
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.p = p
	e.http = &http.Client{Transport: &http.Transport{}}
	t.Cleanup(func() {
		e.http.CloseIdleConnections()
		pids := e.allPIDs()
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		if err := p.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
		for _, pid := range pids {
			if syscall.Kill(pid, 0) == nil {
				t.Errorf("instance process %d outlived Close", pid)
			}
		}
	})
	return e
}

func (e *env) now() time.Time { return e.p.clock.Now() }

// function sets a function running the test server, in effect now.
func (e *env) function(name string, mod func(*FunctionSpec)) FunctionSpec {
	e.t.Helper()
	s := FunctionSpec{
		Name:           name,
		Generation:     "1",
		CodeDir:        e.t.TempDir(),
		Command:        []string{wsfuncBin},
		TimeoutSeconds: 600,
	}
	if mod != nil {
		mod(&s)
	}
	if err := e.p.SetFunction(s, e.now()); err != nil {
		e.t.Fatal(err)
	}
	return s
}

// trigger sets an anonymous GET/POST trigger of fn, in effect at once,
// and returns its URL.
func (e *env) trigger(fn string, mod func(*Trigger)) string {
	e.t.Helper()
	tr := Trigger{URLID: fn + "-url", Function: fn, Name: "http", Methods: []string{"GET", "POST"}, AuthType: "anonymous"}
	if mod != nil {
		mod(&tr)
	}
	ep, err := e.p.SetTrigger(tr, time.Time{})
	if err != nil {
		e.t.Fatal(err)
	}
	return ep.URL
}

// allPIDs lists the instance processes of every function.
func (e *env) allPIDs() []int {
	e.p.mu.Lock()
	var names []string
	for n := range e.p.functions {
		names = append(names, n)
	}
	e.p.mu.Unlock()
	var pids []int
	for _, n := range names {
		for _, in := range e.p.Instances(n) {
			if in.PID != 0 {
				pids = append(pids, in.PID)
			}
		}
	}
	return pids
}

// lineSink passes instance output lines to a channel, dropping them when
// no test reads them.
type lineSink chan string

func (s lineSink) Line(_, _, _ string, _ time.Time, line string) {
	select {
	case s <- line:
	default:
	}
}

// waitLine waits for an instance to print line.
func (e *env) waitLine(line string) {
	e.t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case l := <-e.lines:
			if l == line {
				return
			}
		case <-deadline:
			e.t.Fatalf("no instance printed %q within %s", line, waitLimit)
		}
	}
}

// waitEvent returns the next instance event of kind, skipping others.
func (e *env) waitEvent(kind EventKind) InstanceEvent {
	e.t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case ev := <-e.events:
			if ev.Kind == kind {
				return ev
			}
		case <-deadline:
			e.t.Fatalf("no %s event within %s", kind, waitLimit)
		}
	}
}

// waitIdle waits until no instance of fn holds a request or connection.
func (e *env) waitIdle(fn string) { e.t.Helper(); e.waitActive(fn, 0) }

// waitActive waits until the instances of fn hold n requests and
// connections. A slot is given back just after the meter's end, which a
// client cannot observe: this polls the condition, bounded by waitLimit.
func (e *env) waitActive(fn string, n int) {
	e.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		busy := 0
		for _, in := range e.p.Instances(fn) {
			busy += in.Active
		}
		if busy == n {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("function %s holds %d, not %d, after %s: %+v", fn, busy, n, waitLimit, e.p.Instances(fn))
		}
		time.Sleep(time.Millisecond)
	}
}

// get sends a plain request and returns status, headers and body.
func (e *env) get(url string) (int, http.Header, string) {
	e.t.Helper()
	return e.do(mustRequest(e.t, "GET", url, nil))
}

func (e *env) do(req *http.Request) (int, http.Header, string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(req.Context(), waitLimit)
	defer cancel()
	resp, err := e.http.Do(req.WithContext(ctx))
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("%s %s: reading the body: %v", req.Method, req.URL, err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func mustRequest(t *testing.T, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// dial opens a WebSocket with the Go client.
func dial(t *testing.T, url string, h http.Header) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	return websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http"), &websocket.DialOptions{HTTPHeader: h})
}

// mustDial opens a WebSocket that must succeed; it is closed at cleanup.
func mustDial(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	c, resp, err := dial(t, url, nil)
	if err != nil {
		t.Fatalf("dial %s: %v (response %v)", url, err, status(resp))
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

func status(resp *http.Response) string {
	if resp == nil {
		return "none"
	}
	b, _ := io.ReadAll(resp.Body)
	return fmt.Sprintf("%s %s %.300q", resp.Status, resp.Header.Get(fcspec.HeaderErrorType), b)
}

// read reads one text message within waitLimit.
func read(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	_, b, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return string(b)
}

// echo sends msg and expects it back.
func echo(t *testing.T, c *websocket.Conn, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		t.Fatalf("write: %v", err)
	}
	if got := read(t, c); got != msg {
		t.Fatalf("echo: got %q, want %q", got, msg)
	}
}

// readErr waits for the connection to end and returns how.
func readErr(t *testing.T, c *websocket.Conn) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	for {
		if _, _, err := c.Read(ctx); err != nil {
			if ctx.Err() != nil {
				t.Fatalf("the connection did not end within %s", waitLimit)
			}
			return err
		}
	}
}

// refusal is a decoded gateway error answer.
type refusal struct {
	status    int
	errorType string
	body      errorBody
}

func decodeRefusal(t *testing.T, code int, h http.Header, b string) refusal {
	t.Helper()
	r := refusal{status: code, errorType: h.Get(fcspec.HeaderErrorType)}
	if err := json.Unmarshal([]byte(b), &r.body); err != nil {
		t.Fatalf("%d answer body %.300q is not FC's JSON: %v", code, b, err)
	}
	if r.body.ErrorCode == "" || r.body.ErrorMessage == "" {
		t.Fatalf("%d answer body %.300q lacks ErrorCode or ErrorMessage", code, b)
	}
	return r
}

// expectRefusal checks a gateway answer.
func expectRefusal(t *testing.T, code int, h http.Header, b string, wantStatus int, wantType fcspec.ErrorType, wantCode fcspec.Code) refusal {
	t.Helper()
	r := decodeRefusal(t, code, h, b)
	if r.status != wantStatus || r.errorType != string(wantType) || r.body.ErrorCode != string(wantCode) {
		t.Fatalf("answer %d %s %s (%s), want %d %s %s", r.status, r.errorType, r.body.ErrorCode, r.body.ErrorMessage, wantStatus, wantType, wantCode)
	}
	return r
}

// recMeter records billing calls and signals each.
type recMeter struct {
	mu    sync.Mutex
	calls []meterCall
	c     chan meterCall
}

type meterCall struct {
	begin      bool
	function   string
	instanceID string
	memoryMB   int
	at         time.Time
	hook       bool
}

func newRecMeter() *recMeter { return &recMeter{c: make(chan meterCall, 1000)} }

func (m *recMeter) record(c meterCall) {
	m.mu.Lock()
	m.calls = append(m.calls, c)
	m.mu.Unlock()
	select {
	case m.c <- c:
	default:
	}
}

func (m *recMeter) Begin(function, instanceID string, memoryMB int, at time.Time) func(time.Time) {
	m.record(meterCall{begin: true, function: function, instanceID: instanceID, memoryMB: memoryMB, at: at})
	return func(end time.Time) { m.record(meterCall{function: function, instanceID: instanceID, at: end}) }
}

func (m *recMeter) BeginRequest(function, instanceID string, memoryMB int, at time.Time) func(time.Time) {
	return m.Begin(function, instanceID, memoryMB, at)
}

// BeginHook records a hook's billing like a request's, as hook: true.
func (m *recMeter) BeginHook(function, instanceID string, memoryMB int, at time.Time) func(time.Time) {
	m.record(meterCall{begin: true, function: function, instanceID: instanceID, memoryMB: memoryMB, at: at, hook: true})
	return func(end time.Time) {
		m.record(meterCall{function: function, instanceID: instanceID, at: end, hook: true})
	}
}

func (m *recMeter) Forget(string, string) bool { return true }

// wait returns the next call of the given kind.
func (m *recMeter) wait(t *testing.T, begin bool) meterCall {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case c := <-m.c:
			if c.begin == begin {
				return c
			}
		case <-deadline:
			t.Fatalf("no meter call (begin=%v) within %s", begin, waitLimit)
		}
	}
}
