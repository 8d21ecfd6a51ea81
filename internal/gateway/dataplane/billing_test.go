package dataplane

import (
	"math"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/internal/gateway/billing"
)

// TestBillingSeedExample runs the seed's example through real connections
// and the real meter: with concurrency 2, A from T1 to T3 and B from T2 to
// T4 on one instance bill T1..T4 once; with concurrency 1 they run on two
// instances and each is billed whole.
func TestBillingSeedExample(t *testing.T) {
	for _, tc := range []struct {
		concurrency int
		instances   int
		billed      time.Duration
	}{
		{2, 1, 30 * time.Second}, // T1..T4
		{1, 2, 40 * time.Second}, // T1..T3 + T2..T4
	} {
		t.Run("concurrency "+itoa(tc.concurrency), func(t *testing.T) {
			var m *billing.Meter
			e := newEnv(t, withFakeClock, func(c *Config) {
				m = billing.New(c.Clock.Now)
				c.Meter = m
			})
			e.function("chat", func(s *FunctionSpec) { s.InstanceConcurrency = tc.concurrency })
			url := e.trigger("chat", nil)
			step := func() { e.clock.Advance(10 * time.Second) }

			a, idA := helloID(t, url) // T1
			step()
			b, idB := helloID(t, url) // T2
			if (idA == idB) != (tc.instances == 1) {
				t.Fatalf("A on %s, B on %s; want %d instance(s)", idA, idB, tc.instances)
			}
			step()
			a.Close(websocket.StatusNormalClosure, "") // T3
			e.waitActive("chat", 1)
			step()
			b.Close(websocket.StatusNormalClosure, "") // T4
			e.waitActive("chat", 0)
			e.clock.Advance(time.Minute) // idle time is not billed

			u, ok := m.Function("chat")
			if !ok {
				t.Fatal("nothing metered")
			}
			if u.Billed != tc.billed || math.Abs(u.GBSeconds-tc.billed.Seconds()/2) > 1e-9 || u.Connections != 2 {
				t.Errorf("usage %+v; want %s billed, %g GB-s at 512 MB, 2 connections", u, tc.billed, tc.billed.Seconds()/2)
			}
		})
	}
}
