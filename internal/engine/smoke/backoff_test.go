package smoke

import (
	"testing"
	"time"
)

// The pace: first retry within 100 ms, doubling, never more than a second
// apart, each delay jittered within [d/2, d].
func TestBackoffPace(t *testing.T) {
	for _, r := range []float64{0, 0.5, 0.999} {
		b := newBackoff(time.Time{})
		b.rand = func() float64 { return r }
		now := time.Now()
		nominal := firstRetry
		for i := range 12 {
			d := b.delay(now)
			if d < nominal/2 || d > nominal {
				t.Errorf("rand %g, retry %d: %s, want within [%s, %s]", r, i+1, d, nominal/2, nominal)
			}
			nominal = min(2*nominal, maxRetry)
			now = now.Add(d)
		}
	}
}

// An attempt is made at the moment a change should have propagated, then
// the pace starts again from firstRetry; a moment already past changes
// nothing.
func TestBackoffMeetsTheExpectedMoment(t *testing.T) {
	start := time.Now()
	expect := start.Add(2 * time.Second)
	b := newBackoff(expect)
	b.rand = func() float64 { return 0.999 }
	now := start
	var hit bool
	for range 8 {
		d := b.delay(now)
		now = now.Add(d)
		if now.Equal(expect) {
			hit = true
			if next := b.delay(now); next > firstRetry {
				t.Errorf("after the expected moment the next retry waits %s", next)
			}
			break
		}
		if now.After(expect) {
			t.Fatalf("overshot the expected moment by %s", now.Sub(expect))
		}
	}
	if !hit {
		t.Fatal("never attempted at the expected moment")
	}

	past := newBackoff(start.Add(-time.Second))
	past.rand = func() float64 { return 0.999 }
	if d := past.delay(start); d < firstRetry/2 {
		t.Errorf("a past moment shortened the delay to %s", d)
	}
}

// Waiting for capacity (429) backs off to maxCapacityRetry, not maxRetry.
func TestBackoffSlowerForCapacity(t *testing.T) {
	b := newBackoff(time.Time{})
	b.rand = func() float64 { return 0.999 }
	b.slower()
	now, longest := time.Now(), time.Duration(0)
	for range 12 {
		d := b.delay(now)
		longest = max(longest, d)
		now = now.Add(d)
	}
	if longest <= maxRetry || longest > maxCapacityRetry {
		t.Errorf("longest delay %s while waiting for capacity, want within (%s, %s]", longest, maxRetry, maxCapacityRetry)
	}
}
