package smoke

import (
	"math/rand/v2"
	"time"
)

// The retry pace while waiting for a trigger: the first retry within
// 100 ms (a local gateway without delay is ready at once), doubling to at
// most a second between attempts, so a trigger that becomes ready is
// noticed within about a second.
//
// A capacity answer (429) lifts the cap to maxCapacityRetry: an instance
// frees up when a connection ends, not when a cache updates, and a
// thousand checks retrying every second would only add to the load that
// throttled them.
const (
	firstRetry       = 100 * time.Millisecond
	maxRetry         = time.Second
	maxCapacityRetry = 5 * time.Second
)

// backoff paces the attempts of one target: capped exponential backoff
// with equal jitter (each delay uniform in [d/2, d]), so that concurrent
// targets and other clients do not retry in step.
//
// When the moment a change should have propagated is known (expect), an
// attempt is made right then instead of up to a second later, and the pace
// starts again from firstRetry: it is the likeliest moment for success.
type backoff struct {
	next   time.Duration
	max    time.Duration // maxRetry, or maxCapacityRetry once slower
	expect time.Time     // zero when unknown or passed
	rand   func() float64
}

func newBackoff(expect time.Time) *backoff {
	return &backoff{next: firstRetry, max: maxRetry, expect: expect, rand: rand.Float64}
}

// slower lets the delays grow to maxCapacityRetry: the target waits for
// capacity, not for propagation.
func (b *backoff) slower() { b.max = maxCapacityRetry }

// delay is how long to wait at now before the next attempt.
func (b *backoff) delay(now time.Time) time.Duration {
	d := b.next/2 + time.Duration(b.rand()*float64(b.next/2))
	b.next = min(2*b.next, b.max)
	if b.expect.IsZero() {
		return d
	}
	switch until := b.expect.Sub(now); {
	case until <= 0:
		b.expect = time.Time{}
	case until < d:
		b.next, b.expect = firstRetry, time.Time{}
		d = until
	}
	return d
}
