package aliyun

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers"
)

// everyNth answers every nth request with a retryable failure, rotating
// through FC's throttling JSON, 500, 503 and a 502 whose body is a proxy's
// HTML page rather than FC's JSON.
func everyNth(n int64) func(w http.ResponseWriter, r *http.Request, _ int) bool {
	var count atomic.Int64
	return func(w http.ResponseWriter, r *http.Request, _ int) bool {
		k := count.Add(1)
		if k%n != 0 {
			return false
		}
		switch (k / n) % 4 {
		case 0:
			fcError(w, http.StatusTooManyRequests, "Throttling.User", "too many requests")
		case 1:
			fcError(w, http.StatusInternalServerError, "InternalServerError", "injected")
		case 2:
			fcError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "injected")
		case 3:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			w.Write([]byte("<html>502 Bad Gateway</html>"))
		}
		return true
	}
}

// loseAnswer lets the gateway carry out the nth request of action, then
// cuts the connection before the answer: the client cannot know whether
// it took effect.
func (g *gateway) loseAnswer(action string, nth int) func(w http.ResponseWriter, r *http.Request, n int) bool {
	return func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Header.Get("x-acs-action") != action || n != nth {
			return false
		}
		g.h.ServeHTTP(httptest.NewRecorder(), r)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			g.t.Errorf("hijack: %v", err)
			return false
		}
		conn.Close()
		return true
	}
}

func TestRetriesRideOutFaults(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	g.setFault(everyNth(3))

	f := wsFunction("chat", "demo")
	if _, err := p.CreateFunction(ctx, f, codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	f.Timeout, f.MaxInstances, f.Tags["env"] = 30, intp(7), "prod"
	if _, err := p.UpdateFunction(ctx, f, codeOf(t, "v2")); err != nil {
		t.Fatal(err)
	}
	tr := &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}, AuthType: "anonymous"}
	if _, err := p.CreateTrigger(ctx, "chat", tr); err != nil {
		t.Fatal(err)
	}
	tr.Methods = []string{"GET", "POST"}
	if _, err := p.UpdateTrigger(ctx, "chat", tr); err != nil {
		t.Fatal(err)
	}
	fs, err := p.ListFunctions(ctx, "demo")
	if err != nil || len(fs) != 1 {
		t.Fatalf("list: %v, %d", err, len(fs))
	}
	sameConfig(t, "after faults", fs[0], f)
	if fs[0].CodeChecksum != codeOf(t, "v2").Checksum || len(fs[0].Triggers) != 1 || len(fs[0].Triggers[0].Methods) != 2 {
		t.Errorf("state after faults: %s", jsonOf(fs[0]))
	}
	if err := p.DeleteTrigger(ctx, "chat", "ws"); err != nil {
		t.Fatal(err)
	}
	if err := p.DeleteFunction(ctx, "chat"); err != nil {
		t.Fatal(err)
	}
	if g.faultCount() < 5 {
		t.Errorf("only %d faults injected; the test proves little", g.faultCount())
	}
}

func TestLostAnswersNeverDuplicate(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	f := wsFunction("chat", "demo")

	g.setFault(g.loseAnswer("CreateFunction", 1))
	got, err := p.CreateFunction(ctx, f, codeOf(t, "v1"))
	if err != nil {
		t.Fatalf("create whose answer was lost: %v", err)
	}
	sameConfig(t, "adopted", got, f)
	if n := g.count("CreateFunction"); n != 2 {
		t.Errorf("CreateFunction sent %d times, want 2 (the lost one and the retry)", n)
	}

	g.setFault(g.loseAnswer("CreateTrigger", 1))
	if _, err := p.CreateTrigger(ctx, "chat", &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}}); err != nil {
		t.Fatalf("trigger whose answer was lost: %v", err)
	}
	g.setFault(g.loseAnswer("DeleteTrigger", 1))
	if err := p.DeleteTrigger(ctx, "chat", "ws"); err != nil {
		t.Fatalf("trigger delete whose answer was lost: %v", err)
	}
	g.setFault(g.loseAnswer("DeleteFunction", 1))
	if err := p.DeleteFunction(ctx, "chat"); err != nil {
		t.Fatalf("delete whose answer was lost: %v", err)
	}
	if g.count("CreateTrigger") != 2 || g.count("DeleteTrigger") != 2 || g.count("DeleteFunction") != 2 {
		t.Errorf("requests: %v", g.calls)
	}
	if _, err := p.GetFunction(ctx, "chat"); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}

func TestPermanentErrorFailsAtOnce(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	g.setFault(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		fcError(w, http.StatusBadRequest, "InvalidArgument", "memorySize is 100")
		return true
	})
	_, err := p.GetFunction(ctx, "chat")
	if n := g.count("GetFunction"); n != 1 {
		t.Errorf("a 400 was sent %d times", n)
	}
	if !regexp.MustCompile(`^FC GetFunction: InvalidArgument \(400\): memorySize is 100 \(request id fault-400-\d+\)$`).MatchString(err.Error()) {
		t.Errorf("error text %q", err)
	}
	var api *APIError
	if !errors.As(err, &api) || api.StatusCode != 400 || errors.Is(err, providers.ErrNotFound) {
		t.Errorf("error %#v", err)
	}
}

func TestRetriesAreBounded(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	g.setFault(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		fcError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "down")
		return true
	})
	_, err := p.GetFunction(ctx, "chat")
	if n := g.count("GetFunction"); n != 6 {
		t.Errorf("sent %d times, want MaxAttempts (6)", n)
	}
	var api *APIError
	if !errors.As(err, &api) || api.StatusCode != 503 || !strings.Contains(err.Error(), "gave up after 6 attempts") {
		t.Errorf("error %v", err)
	}

	// The time bound: with the longest jitter, the first wait (an hour)
	// would pass MaxElapsed, so the call gives up at once instead of waiting.
	longestJitter(t)
	s := g.settings()
	s.Retry = RetryPolicy{MaxAttempts: 10, BaseDelay: time.Hour, MaxDelay: time.Hour, MaxElapsed: time.Minute}
	p = mustNew(t, s)
	before := g.count("GetFunction")
	_, err = p.GetFunction(ctx, "chat")
	if g.count("GetFunction")-before != 1 || !strings.Contains(err.Error(), "gave up after 1 attempt in") {
		t.Errorf("time bound: %d requests, %v", g.count("GetFunction")-before, err)
	}
}

func TestNetworkErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: connection refused
	g := newGateway(t)
	s := g.settings()
	s.Endpoint = addr
	p := mustNew(t, s)
	_, err = p.GetFunction(ctx, "chat")
	var api *APIError
	if err == nil || errors.As(err, &api) || !strings.Contains(err.Error(), "FC GetFunction: ") ||
		!strings.Contains(err.Error(), "refused") || !strings.Contains(err.Error(), "gave up after 6 attempts") {
		t.Errorf("refused: %v", err)
	}

	// HTTPS to an HTTP server: no retry can fix that.
	s = g.settings()
	s.Protocol = "HTTPS"
	p = mustNew(t, s)
	_, err = p.GetFunction(ctx, "chat")
	if err == nil || strings.Contains(err.Error(), "gave up") {
		t.Errorf("TLS to a plain server: %v", err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := g.provider(t).GetFunction(cancelled, "chat"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestBackoffFullJitter(t *testing.T) {
	r := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second}.withDefaults()
	for n := 1; n <= 70; n++ {
		ceiling := r.MaxDelay
		if n <= 5 {
			ceiling = r.BaseDelay << (n - 1)
		}
		for range 200 {
			if d := r.backoff(n); d < 0 || d > ceiling {
				t.Fatalf("backoff(%d) = %v outside [0, %v]", n, d, ceiling)
			}
		}
	}
	longestJitter(t)
	if d := r.backoff(3); d != 400*time.Millisecond {
		t.Errorf("longest backoff(3) = %v, want 400ms", d)
	}
	if d := r.backoff(64); d != r.MaxDelay {
		t.Errorf("backoff(64) = %v, want the cap (no overflow)", d)
	}
}

func TestRetryableClassification(t *testing.T) {
	live := context.Background()
	dead, cancel := context.WithCancel(live)
	cancel()
	cases := []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"throttling code", live, &APIError{Code: "Throttling.Api", StatusCode: 400}, true},
		{"429", live, &APIError{Code: "TooManyRequests", StatusCode: 429}, true},
		{"500", live, &APIError{Code: "InternalServerError", StatusCode: 500}, true},
		{"502", live, &APIError{Code: "BadGateway", StatusCode: 502}, true},
		{"503", live, &APIError{Code: "ServiceUnavailable", StatusCode: 503}, true},
		{"400", live, &APIError{Code: "InvalidArgument", StatusCode: 400}, false},
		{"403", live, &APIError{Code: "AccessDenied", StatusCode: 403}, false},
		{"404", live, &APIError{Code: "FunctionNotFound", StatusCode: 404}, false},
		{"409", live, &APIError{Code: "FunctionAlreadyExists", StatusCode: 409}, false},
		{"409 concurrent update", live, &APIError{Code: "ConcurrentUpdateError", StatusCode: 409}, true},
		{"reset", live, &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}, true},
		{"dns not found", live, &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}, false},
		{"dns timeout", live, &net.DNSError{Err: "timeout", Name: "x", IsTimeout: true}, true},
		{"anything else", live, errors.New("json: cannot unmarshal"), false},
		{"caller gave up", dead, &APIError{StatusCode: 503}, false},
	}
	for _, c := range cases {
		if got := retryable(c.ctx, c.err); got != c.want {
			t.Errorf("%s: retryable = %v, want %v", c.name, got, c.want)
		}
	}
}

// longestJitter makes every backoff its ceiling, for the rest of the test.
func longestJitter(t *testing.T) {
	old := jitter
	jitter = func(n int64) int64 { return n - 1 }
	t.Cleanup(func() { jitter = old })
}
