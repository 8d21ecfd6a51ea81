package dataplane

import (
	"testing"
	"time"
)

// waitProvisionedStarts waits for n InstanceStarted events and requires
// each to be a provisioned instance.
func (e *env) waitProvisionedStarts(n int) {
	e.t.Helper()
	for range n {
		if ev := e.waitEvent(InstanceStarted); !ev.Provisioned {
			e.t.Fatalf("instance %s started on demand, want provisioned", ev.InstanceID)
		}
	}
}

// waitProvisioned waits until n provisioned instances of fn are ready,
// polling as waitActive does, bounded by waitLimit.
func (e *env) waitProvisioned(fn string, n int) {
	e.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		cur, why := e.p.Provisioned(fn)
		if cur == n {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%d provisioned instances of %s ready after %s, want %d (%s)", cur, fn, waitLimit, n, why)
		}
		time.Sleep(time.Millisecond)
	}
}

func (e *env) stats(fn string) FunctionStats {
	e.t.Helper()
	for _, s := range e.p.Stats() {
		if s.Function == fn {
			return s
		}
	}
	e.t.Fatalf("no stats for %s", fn)
	return FunctionStats{}
}

// TestProvisionedInstances: provisioned instances are started and ready
// before any request, the first handshake waits for no cold start, idle
// reaping spares them, a crashed one is replaced and a lowered target
// stops the extras.
func TestProvisionedInstances(t *testing.T) {
	e := newEnv(t, withFakeClock, func(c *Config) { c.IdleTTL = time.Minute })
	spec := e.function("fn", func(s *FunctionSpec) { s.Provisioned = 2 })
	e.waitProvisionedStarts(2)
	if cur, why := e.p.Provisioned("fn"); cur != 2 || why != "" {
		t.Fatalf("Provisioned = %d, %q before any request; want 2 ready", cur, why)
	}
	url := e.trigger("fn", nil)

	c := mustDial(t, url)
	echo(t, c, "hello")
	c.CloseNow()
	st := e.stats("fn")
	if st.ColdStartWaits != 0 || st.ColdStarts != 2 || st.Instances != 2 || st.Provisioned != 2 || st.ProvisionTarget != 2 {
		t.Errorf("after the first handshake: %+v; want no cold-start wait, 2 starts, 2 provisioned instances", st)
	}

	e.waitIdle("fn")
	e.clock.Advance(3 * time.Minute) // the idle timers fire inside Advance
	for _, in := range e.p.functions["fn"].list() {
		if in.slots.Load() < 0 || in.dead.Load() {
			t.Errorf("provisioned instance %s was reaped after the idle TTL", in.id)
		}
	}
	if cur, _ := e.p.Provisioned("fn"); cur != 2 {
		t.Errorf("%d provisioned instances ready after the idle TTL, want 2", cur)
	}

	// A crash: the handshake fails (the plane may try it on the other
	// instance too), and the crashed instances are replaced.
	if _, _, err := dial(t, url+"?crash=1", nil); err == nil {
		t.Fatal("the crashing handshake succeeded")
	}
	e.waitEvent(InstanceCrashed)
	e.waitProvisioned("fn", 2)
	for _, in := range e.p.Instances("fn") {
		if !in.Provisioned {
			t.Errorf("instance %s after the crash is on demand", in.ID)
		}
	}

	spec.Provisioned = 0
	if err := e.p.SetFunction(spec, e.now()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if ev := e.waitEvent(InstanceStopped); ev.Reason != ReasonUnprovisioned {
			t.Errorf("stopped %s for %q, want %q", ev.InstanceID, ev.Reason, ReasonUnprovisioned)
		}
	}
	if st := e.stats("fn"); st.Provisioned != 0 || st.ProvisionTarget != 0 {
		t.Errorf("after target 0: %+v", st)
	}
}

// TestProvisionedWithinMaxInstances: provisioned instances take places
// under MaxInstances; the shortfall is reported as FC's currentError.
func TestProvisionedWithinMaxInstances(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxInstances = 1 })
	e.function("fn", func(s *FunctionSpec) { s.Provisioned = 2 })
	e.waitProvisionedStarts(1)
	cur, why := e.p.Provisioned("fn")
	if cur != 1 || why == "" {
		t.Errorf("Provisioned = %d, %q; want 1 with the instance limit as the reason", cur, why)
	}
}
