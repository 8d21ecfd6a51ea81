package billing

import (
	"sync"
	"time"
)

// Granularity is the unit FC rounds each billed period up to (1 ms in FC
// 3.0's price list; unconfirmed for WebSocket connections).
const Granularity = time.Millisecond

func roundUp(d time.Duration) time.Duration {
	if r := d % Granularity; r != 0 {
		d += Granularity - r
	}
	return d
}

// instance holds one instance's busy periods: the open one, the last closed
// one (so a late Begin can still merge into it) and the total of the closed
// ones. Connections of one instance are merged into busy periods, each
// billed once.
type instance struct {
	mu       sync.Mutex
	memoryMB int  // of the instance, fixed at its first connection
	retired  bool // moved into its function's totals by Forget

	open       int       // connections and requests open now
	start, end time.Time // the open period: first begin, latest end so far

	lastStart, lastEnd time.Time // the last closed period
	lastBilled         time.Duration

	billed time.Duration // closed periods, rounded
}

// begin opens a connection at t. Callers stamp times before they reach the
// meter, so a begin may arrive after an end that happened later; a begin
// inside the last closed period reopens it rather than billing the overlap
// twice. It reports false on a retired instance.
func (in *instance) begin(t time.Time) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.retired {
		return false
	}
	switch {
	case in.open > 0:
		if t.Before(in.start) {
			in.start = t
		}
	case !in.lastEnd.IsZero() && t.Before(in.lastEnd):
		in.billed -= in.lastBilled
		in.start, in.end = minTime(in.lastStart, t), in.lastEnd
		in.lastEnd = time.Time{}
	default:
		in.start, in.end = t, t
	}
	in.open++
	return true
}

// finish closes a connection at t; the last one closes the busy period.
func (in *instance) finish(t time.Time) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if t.After(in.end) {
		in.end = t
	}
	if in.open--; in.open > 0 {
		return
	}
	d := roundUp(in.end.Sub(in.start))
	in.billed += d
	in.lastStart, in.lastEnd, in.lastBilled = in.start, in.end, d
}

// billedAt is the billed time with the open period counted up to now.
// The caller holds in.mu.
func (in *instance) billedAt(now time.Time) time.Duration {
	b := in.billed
	if in.open > 0 {
		end := in.end
		if now.After(end) {
			end = now
		}
		b += roundUp(end.Sub(in.start))
	}
	return b
}

func gbSeconds(billed time.Duration, memoryMB int) float64 {
	return billed.Seconds() * float64(memoryMB) / 1024
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
