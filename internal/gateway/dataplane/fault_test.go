package dataplane

import (
	"net/http"
	"slices"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// TestFault: the injected share of requests fails with FC's system
// errors, and the same seed fails the same requests in every run.
func TestFault(t *testing.T) {
	t.Run("every request", func(t *testing.T) {
		e := newEnv(t, func(c *Config) { c.Fault = Fault{Rate: 1, Status: 503} })
		e.function("fn", nil)
		url := e.trigger("fn", nil)
		_, resp, err := dial(t, url, nil)
		if err == nil {
			t.Fatal("a handshake passed with fault rate 1")
		}
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 503, fcspec.ErrorTypeCommon, fcspec.CodeServiceUnavailable)
	})
	t.Run("deterministic share", func(t *testing.T) {
		run := func() []int {
			e := newEnv(t, func(c *Config) { c.Fault = Fault{Rate: 0.3, Status: 500, Seed: 42} })
			e.function("fn", nil)
			url := e.trigger("fn", nil)
			var got []int
			for range 40 {
				code, h, b := e.get(url + "id")
				if code != 200 {
					expectRefusal(t, code, h, b, 500, fcspec.ErrorTypeCommon, fcspec.CodeInternalServerError)
				}
				got = append(got, code)
			}
			return got
		}
		first := run()
		failed := 0
		for i, code := range first {
			if want := (Fault{Rate: 0.3, Status: 500, Seed: 42}).inject(uint64(i+1)) != nil; want != (code == 500) {
				t.Errorf("request %d answered %d; the seed says failed=%v", i+1, code, want)
			}
			if code == 500 {
				failed++
			}
		}
		if failed < 4 || failed > 20 {
			t.Errorf("%d of 40 requests failed at rate 0.3", failed)
		}
		if second := run(); !slices.Equal(first, second) {
			t.Errorf("the same seed failed different requests:\n%v\n%v", first, second)
		}
	})
	t.Run("bad config", func(t *testing.T) {
		for _, f := range []Fault{{Rate: 0.5, Status: 502}, {Rate: 1.5, Status: 500}, {Rate: -1, Status: 503}} {
			if _, err := New(Config{Fault: f}); err == nil {
				t.Errorf("New accepted fault %+v", f)
			}
		}
	})
}

// TestStats checks the counters the assembly exports.
func TestStats(t *testing.T) {
	e := newEnv(t)
	e.function("fn", func(s *FunctionSpec) { s.ReservedConcurrency = intPtr(1) })
	url := e.trigger("fn", nil)
	c := mustDial(t, url)
	echo(t, c, "x")
	e.get(url) // 429: the only instance holds the connection
	st := e.p.Stats()
	if len(st) != 1 || st[0].Function != "fn" {
		t.Fatalf("stats %+v", st)
	}
	s := st[0]
	if s.ActiveConnections != 1 || s.Instances != 1 || s.ColdStarts != 1 || s.ColdStartSeconds <= 0 {
		t.Errorf("gauges %+v: want 1 connection, 1 instance, 1 cold start", s)
	}
	if s.ColdStartBuckets[len(s.ColdStartBuckets)-1] != 1 {
		t.Errorf("cold start histogram %v lacks the start", s.ColdStartBuckets)
	}
	want := []RequestCount{{http.StatusSwitchingProtocols, "", 1}, {http.StatusTooManyRequests, string(fcspec.ErrorTypeCommon), 1}}
	if !slices.Equal(s.Requests, want) {
		t.Errorf("requests %+v, want %+v", s.Requests, want)
	}
}
