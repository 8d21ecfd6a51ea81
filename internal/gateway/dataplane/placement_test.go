package dataplane

import (
	"context"
	"sync"
	"testing"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// helloID opens a WebSocket whose first message is FC_INSTANCE_ID.
func helloID(t *testing.T, url string) (*websocket.Conn, string) {
	t.Helper()
	c := mustDial(t, url+"?hello=1")
	return c, read(t, c)
}

func intPtr(n int) *int { return &n }

func TestConcurrencyPlacement(t *testing.T) {
	e := newEnv(t)
	e.function("two", func(s *FunctionSpec) { s.InstanceConcurrency = 2 })
	e.function("one", nil)
	two, one := e.trigger("two", nil), e.trigger("one", nil)

	_, a := helloID(t, two)
	_, b := helloID(t, two)
	if a != b {
		t.Errorf("concurrency 2: two connections went to %s and %s, want one instance", a, b)
	}
	_, c := helloID(t, one)
	_, d := helloID(t, one)
	if c == d {
		t.Errorf("concurrency 1: both connections went to %s, want two instances", c)
	}
	if n := len(e.p.Instances("one")); n != 2 {
		t.Errorf("function one runs %d instances, want 2", n)
	}
}

// TestNotSticky: with two idle instances, one client's consecutive
// requests land on both, as on FC.
func TestNotSticky(t *testing.T) {
	e := newEnv(t)
	e.function("fn", nil)
	url := e.trigger("fn", nil)
	c1, a := helloID(t, url)
	c2, b := helloID(t, url)
	c1.Close(websocket.StatusNormalClosure, "")
	c2.Close(websocket.StatusNormalClosure, "")
	e.meter.wait(t, false)
	e.meter.wait(t, false)
	e.waitIdle("fn")

	seen := map[string]bool{}
	for range 4 {
		c, id := helloID(t, url)
		seen[id] = true
		c.Close(websocket.StatusNormalClosure, "")
		e.meter.wait(t, false)
		e.waitIdle("fn")
	}
	if !seen[a] || !seen[b] || len(seen) != 2 {
		t.Errorf("four consecutive connections landed on %v; want both instances %s and %s", seen, a, b)
	}
}

func TestThrottle(t *testing.T) {
	t.Run("reserved concurrency", func(t *testing.T) {
		e := newEnv(t)
		e.function("fn", func(s *FunctionSpec) { s.ReservedConcurrency = intPtr(1) })
		url := e.trigger("fn", nil)
		c := mustDial(t, url)
		_, resp, err := dial(t, url, nil)
		if err == nil {
			t.Fatal("a second connection passed reserved concurrency 1 with instance concurrency 1")
		}
		expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 429, fcspec.ErrorTypeCommon, fcspec.CodeResourceExhausted)
		echo(t, c, "the first one still works")

		c.Close(websocket.StatusNormalClosure, "")
		e.meter.wait(t, false)
		e.waitIdle("fn")
		echo(t, mustDial(t, url), "freed")
	})
	t.Run("reserved concurrency 0 disables", func(t *testing.T) {
		e := newEnv(t)
		e.function("fn", func(s *FunctionSpec) { s.ReservedConcurrency = intPtr(0) })
		code, h, b := e.get(e.trigger("fn", nil))
		expectRefusal(t, code, h, b, 429, fcspec.ErrorTypeCommon, fcspec.CodeResourceExhausted)
	})
	t.Run("gateway cap", func(t *testing.T) {
		e := newEnv(t, func(c *Config) { c.MaxInstances = 1 })
		e.function("a", nil)
		e.function("b", nil)
		mustDial(t, e.trigger("a", nil))
		code, h, b := e.get(e.trigger("b", nil))
		expectRefusal(t, code, h, b, 429, fcspec.ErrorTypeCommon, fcspec.CodeResourceExhausted)
	})
}

// TestColdStartQueue: arrivals during a cold start queue on the starting
// instance up to its concurrency instead of each starting one.
func TestColdStartQueue(t *testing.T) {
	e := newEnv(t)
	e.function("fn", func(s *FunctionSpec) { s.InstanceConcurrency = 2 })
	url := e.trigger("fn", nil)

	const n = 4
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
			defer cancel()
			c, _, err := websocket.Dial(ctx, "ws"+url[4:]+"?hello=1", nil)
			if err != nil {
				t.Error(err)
				return
			}
			t.Cleanup(func() { c.CloseNow() })
			_, b, err := c.Read(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = string(b)
		}()
	}
	wg.Wait()
	per := map[string]int{}
	for _, id := range ids {
		per[id]++
	}
	if len(per) != 2 || per[ids[0]] != 2 {
		t.Errorf("%d simultaneous connections with concurrency 2 landed %v; want 2 instances with 2 each", n, per)
	}
	// Cold starts are counted before the queue is served, so by now.
	st := e.p.Stats()[0]
	if st.ColdStarts != 2 || st.Instances != 2 || st.ActiveConnections != n {
		t.Errorf("stats %+v: want 2 cold starts, 2 instances, %d connections", st, n)
	}
}
