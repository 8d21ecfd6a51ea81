package billing

import (
	"sort"
	"time"
)

// Usage is one function's metered use.
type Usage struct {
	Function          string
	Billed            time.Duration // busy time of all its instances
	GBSeconds         float64       // billed time × memory, summed over instances
	Connections       uint64        // WebSocket connections begun
	Requests          uint64        // plain HTTP requests begun
	ActiveConnections int64         // open now
	ActiveRequests    int64         // open now
	Instances         int           // metered and not forgotten
}

// BilledSeconds is Billed in seconds, as FC's bill and Prometheus show it.
func (u Usage) BilledSeconds() float64 { return u.Billed.Seconds() }

// Snapshot returns every function's usage, sorted by name, with open
// connections counted up to the meter's clock.
func (m *Meter) Snapshot() []Usage {
	now := m.now()
	var out []Usage
	m.functions.Range(func(k, v any) bool {
		out = append(out, v.(*function).usage(k.(string), now))
		return true
	})
	sort.Slice(out, func(a, b int) bool { return out[a].Function < out[b].Function })
	return out
}

// Function returns one function's usage.
func (m *Meter) Function(name string) (Usage, bool) {
	v, ok := m.functions.Load(name)
	if !ok {
		return Usage{Function: name}, false
	}
	return v.(*function).usage(name, m.now()), true
}

func (f *function) usage(name string, now time.Time) Usage {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := Usage{Function: name, Billed: f.retiredBilled, GBSeconds: f.retiredGBs}
	f.instances.Range(func(_, v any) bool {
		in := v.(*instance)
		in.mu.Lock()
		b := in.billedAt(now)
		in.mu.Unlock()
		u.Billed += b
		u.GBSeconds += gbSeconds(b, in.memoryMB)
		u.Instances++
		return true
	})
	// A connection that a snapshot counted as open until now, but that
	// ended (by its own stamp) a moment earlier, must not make the totals
	// go back.
	u.Billed = max(u.Billed, f.reported.Billed)
	u.GBSeconds = max(u.GBSeconds, f.reported.GBSeconds)
	f.reported = u
	u.Connections, u.Requests = f.connections.Load(), f.requests.Load()
	u.ActiveConnections, u.ActiveRequests = f.activeConnections.Load(), f.activeRequests.Load()
	return u
}
