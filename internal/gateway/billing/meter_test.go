package billing

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

func at(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

// clock is an injected clock that tests set.
type clock struct{ now atomic.Int64 }

func (c *clock) set(t time.Time)  { c.now.Store(t.UnixNano()) }
func (c *clock) Now() time.Time   { return time.Unix(0, c.now.Load()).UTC() }
func newClock(t time.Time) *clock { c := &clock{}; c.set(t); return c }
func newMeter(c *clock) *Meter    { return New(c.Now) }
func near(a, b float64) bool      { return math.Abs(a-b) < 1e-9 }
func usage(t *testing.T, m *Meter, fn string) Usage {
	t.Helper()
	u, ok := m.Function(fn)
	if !ok {
		t.Fatalf("function %q not metered", fn)
	}
	return u
}

// The seed's example: concurrency 2, A from T1 to T3 and B from T2 to T4
// on one instance bill T1..T4; T2..T3 is billed once.
func TestSeedExampleConcurrency2(t *testing.T) {
	T1, T2, T3, T4 := at(0), at(10), at(20), at(30)
	c := newClock(T1)
	m := newMeter(c)
	a := m.Begin("chat", "i-1", 512, T1)
	b := m.Begin("chat", "i-1", 512, T2)
	c.set(at(15))
	if u := usage(t, m, "chat"); u.Billed != 15*time.Second || u.ActiveConnections != 2 {
		t.Errorf("at T2+5s: %+v; want 15 s billed, 2 open", u)
	}
	a(T3)
	b(T4)
	c.set(at(100))
	u := usage(t, m, "chat")
	if u.Billed != T4.Sub(T1) || !near(u.BilledSeconds(), 30) || !near(u.GBSeconds, 15) {
		t.Errorf("billed %v (%g GB-s); want T1..T4 = 30 s, 15 GB-s at 512 MB", u.Billed, u.GBSeconds)
	}
	if u.Connections != 2 || u.ActiveConnections != 0 || u.Instances != 1 {
		t.Errorf("counters %+v", u)
	}
}

// Concurrency 1: the same two connections run on two instances and each is
// billed from establishment to end.
func TestConcurrency1(t *testing.T) {
	m := newMeter(newClock(at(100)))
	m.Begin("chat", "i-1", 1024, at(0))(at(20))
	m.Begin("chat", "i-2", 1024, at(10))(at(30))
	u := usage(t, m, "chat")
	if u.Billed != 40*time.Second || !near(u.GBSeconds, 40) || u.Instances != 2 {
		t.Errorf("%+v; want 40 s, 40 GB-s on 2 instances", u)
	}
}

func TestDisjointIntervalsAndOpenConnection(t *testing.T) {
	c := newClock(at(0))
	m := newMeter(c)
	m.Begin("chat", "i-1", 2048, at(0))(at(10))
	m.Begin("chat", "i-1", 2048, at(20))(at(25))
	if u := usage(t, m, "chat"); u.Billed != 15*time.Second || !near(u.GBSeconds, 30) {
		t.Errorf("disjoint: %+v; want 15 s, 30 GB-s", u)
	}
	open := m.Begin("chat", "i-1", 2048, at(30))
	c.set(at(37))
	if u := usage(t, m, "chat"); u.Billed != 22*time.Second || u.ActiveConnections != 1 {
		t.Errorf("open until now: %+v; want 22 s, 1 open", u)
	}
	c.set(at(39))
	if u := usage(t, m, "chat"); u.Billed != 24*time.Second {
		t.Errorf("open, later: %v; want 24 s", u.Billed)
	}
	open(at(40))
	open(at(90)) // a second call changes nothing
	c.set(at(100))
	if u := usage(t, m, "chat"); u.Billed != 25*time.Second || u.ActiveConnections != 0 {
		t.Errorf("closed: %+v; want 25 s, none open", u)
	}
}

// Times are stamped before the meter sees them: a begin that arrives after
// an end stamped later still merges with it.
func TestLateBeginMerges(t *testing.T) {
	m := newMeter(newClock(at(100)))
	a := m.Begin("chat", "i-1", 1024, at(0))
	a(at(10))
	b := m.Begin("chat", "i-1", 1024, at(5)) // stamped before a ended
	b(at(15))
	if u := usage(t, m, "chat"); u.Billed != 15*time.Second {
		t.Errorf("billed %v; want 0..15 = 15 s", u.Billed)
	}
}

func TestRoundingAndRequests(t *testing.T) {
	m := newMeter(newClock(at(100)))
	m.BeginRequest("api", "i-1", 1024, at(0))(at(0.0015))
	u := usage(t, m, "api")
	if u.Billed != 2*time.Millisecond || u.Requests != 1 || u.Connections != 0 || u.ActiveRequests != 0 {
		t.Errorf("%+v; want 2 ms (rounded up), 1 request", u)
	}
}

// A snapshot counted an open connection up to now; the connection's end,
// stamped a moment earlier, must not make the counter go back.
func TestTotalsNeverDecrease(t *testing.T) {
	c := newClock(at(7))
	m := newMeter(c)
	done := m.Begin("chat", "i-1", 1024, at(0))
	if u := usage(t, m, "chat"); u.Billed != 7*time.Second {
		t.Fatalf("billed %v; want 7 s", u.Billed)
	}
	done(at(5))
	if u := usage(t, m, "chat"); u.Billed != 7*time.Second || !near(u.GBSeconds, 7) {
		t.Errorf("after an earlier end: %v, %g GB-s; want still 7", u.Billed, u.GBSeconds)
	}
}

func TestForget(t *testing.T) {
	m := newMeter(newClock(at(100)))
	m.Begin("chat", "i-1", 1024, at(0))(at(10))
	open := m.Begin("chat", "i-2", 512, at(0))
	if m.Forget("chat", "i-2") {
		t.Error("forgot an instance with an open connection")
	}
	first, again := m.Forget("chat", "i-1"), m.Forget("chat", "i-1") // forgetting twice is no error
	if !first || !again || !m.Forget("none", "i-1") {
		t.Error("Forget of an idle or unknown instance failed")
	}
	open(at(20))
	u := usage(t, m, "chat")
	if u.Billed != 30*time.Second || !near(u.GBSeconds, 20) || u.Instances != 1 {
		t.Errorf("%+v; want 30 s, 10+10 GB-s, 1 instance left", u)
	}
	m.Begin("chat", "i-1", 1024, at(50))(at(51)) // the id again: a fresh entry
	if u := usage(t, m, "chat"); u.Billed != 31*time.Second || u.Instances != 2 {
		t.Errorf("%+v; want 31 s on 2 instances", u)
	}
	if s := m.Snapshot(); len(s) != 1 || s[0].Function != "chat" {
		t.Errorf("snapshot %+v", s)
	}
}

// Many goroutines open and close overlapping connections on a few
// instances while others take snapshots and meter and forget instances of
// their own (Forget is for ended instances, so not the busy ones). Every
// connection of an instance overlaps every other, so whatever the
// interleaving each instance bills one period: its first begin to its last
// end. Run with -race.
func TestConcurrentConnections(t *testing.T) {
	const (
		instances  = 4
		goroutines = 8
		perG       = 250
		conns      = goroutines * perG // per instance
		length     = 10 * time.Second
	)
	// The clock stays at the first begin: a later "now" would count open
	// connections up to it, and the totals never go back from there.
	m := newMeter(newClock(t0))
	ids := []string{"i-0", "i-1", "i-2", "i-3"}
	var work, watchers sync.WaitGroup
	var forgotten atomic.Int64
	stop := make(chan struct{})
	for w := range 2 {
		watchers.Add(1)
		go func() {
			defer watchers.Done()
			id := fmt.Sprintf("ended-%d", w)
			for {
				select {
				case <-stop:
					return
				default:
				}
				m.Snapshot()
				m.Begin("chat", id, 1024, at(0))(at(1))
				if !m.Forget("chat", id) {
					t.Error("Forget of an idle instance failed")
				}
				forgotten.Add(1)
			}
		}()
	}
	for g := range goroutines {
		work.Add(1)
		go func() {
			defer work.Done()
			for k := range perG {
				c := k*goroutines + g
				for i, id := range ids {
					begin := t0.Add(time.Duration(c) * time.Microsecond)
					done := m.Begin("chat", id, 1024*(i+1), begin)
					done(begin.Add(length))
				}
			}
		}()
	}
	work.Wait()
	close(stop)
	watchers.Wait()

	per := roundUp(length + (conns-1)*time.Microsecond)
	extra := time.Duration(forgotten.Load()) * time.Second
	u := usage(t, m, "chat")
	if u.Billed != instances*per+extra {
		t.Errorf("billed %v; want %d × %v + %v", u.Billed, instances, per, extra)
	}
	if want := per.Seconds()*(1+2+3+4) + extra.Seconds(); math.Abs(u.GBSeconds-want) > 1e-6 {
		t.Errorf("GB-s %g; want %g", u.GBSeconds, want)
	}
	if want := uint64(instances*conns) + uint64(forgotten.Load()); u.Connections != want || u.ActiveConnections != 0 || u.Instances != instances {
		t.Errorf("connections %d, open %d, instances %d; want %d, 0, %d", u.Connections, u.ActiveConnections, u.Instances, want, instances)
	}
}

// The hot path: each goroutine meters connections on its own instance.
func BenchmarkBeginDone(b *testing.B) {
	m := New(nil)
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		id := fmt.Sprint("i-", next.Add(1))
		now := time.Now()
		for pb.Next() {
			m.Begin("chat", id, 1024, now)(now)
		}
	})
}

// A lifecycle hook's time is billed like an invocation's and merges with
// the instance's other busy intervals, but counts as no request.
func TestHookBilledNotCounted(t *testing.T) {
	c := newClock(at(0))
	m := newMeter(c)
	m.BeginHook("chat", "i-1", 1024, at(0))(at(2))   // the Initializer
	m.Begin("chat", "i-1", 1024, at(1))(at(10))      // overlaps it
	m.BeginHook("chat", "i-1", 1024, at(20))(at(23)) // PreStop
	c.set(at(100))
	u := usage(t, m, "chat")
	if u.Billed != 13*time.Second || !near(u.GBSeconds, 13) {
		t.Errorf("billed %v (%g GB-s); want 0..10 and 20..23 = 13 s, 13 GB-s at 1 GB", u.Billed, u.GBSeconds)
	}
	if u.Requests != 0 || u.Connections != 1 || u.ActiveRequests != 0 || u.ActiveConnections != 0 {
		t.Errorf("counters %+v; hooks count as no request or connection", u)
	}
}
