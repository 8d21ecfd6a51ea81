package dataplane

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// ColdStartBounds are the upper bounds, in seconds, of the cold start
// histogram in FunctionStats (Prometheus' cumulative buckets).
var ColdStartBounds = [...]float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}

// FunctionStats is a snapshot of one function's counters, for the
// assembly's Prometheus collector.
type FunctionStats struct {
	Function          string
	ActiveConnections int64 // upgraded (WebSocket) connections open
	ActiveRequests    int64 // plain HTTP requests in flight
	Instances         int64 // starting or running
	// Provisioned counts the Instances kept for the provision config (the
	// others are on demand); ProvisionTarget is that config's target.
	Provisioned     int64
	ProvisionTarget int64
	// ColdStartWaits counts the requests and connections that waited for
	// an instance to start: what provisioned instances spare.
	ColdStartWaits   uint64
	ColdStarts       uint64
	ColdStartSeconds float64  // sum of the cold starts' durations
	ColdStartBuckets []uint64 // cumulative counts, one per ColdStartBounds
	Crashes          uint64
	Requests         []RequestCount // answered requests, sorted
}

// RequestCount counts answers by status and X-Fc-Error-Type ("" for the
// function's own answers).
type RequestCount struct {
	Status    int
	ErrorType string
	Count     uint64
}

type statusKey struct {
	status    int
	errorType string
}

// counters are one function's; every update is one atomic operation, and
// the status map is copied on write so that counting never locks once a
// status has been seen.
type counters struct {
	conns, reqs, instances atomic.Int64
	coldStarts, crashes    atomic.Uint64
	coldWaits              atomic.Uint64
	coldNanos              atomic.Int64
	coldBuckets            [len(ColdStartBounds)]atomic.Uint64

	mu       sync.Mutex // serialises additions to byStatus
	byStatus atomic.Pointer[map[statusKey]*atomic.Uint64]
}

func (c *counters) request(status int, errorType fcspec.ErrorType) {
	k := statusKey{status, string(errorType)}
	if m := c.byStatus.Load(); m != nil {
		if n := (*m)[k]; n != nil {
			n.Add(1)
			return
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.byStatus.Load()
	next := make(map[statusKey]*atomic.Uint64, 8)
	if old != nil {
		for k, v := range *old {
			next[k] = v
		}
	}
	if next[k] == nil {
		next[k] = new(atomic.Uint64)
		c.byStatus.Store(&next)
	}
	next[k].Add(1)
}

func (c *counters) coldStart(d time.Duration) {
	c.coldStarts.Add(1)
	c.coldNanos.Add(int64(d))
	s := d.Seconds()
	for i, b := range ColdStartBounds {
		if s <= b {
			c.coldBuckets[i].Add(1)
		}
	}
}

func (c *counters) snapshot(name string) FunctionStats {
	s := FunctionStats{
		Function:          name,
		ActiveConnections: c.conns.Load(),
		ActiveRequests:    c.reqs.Load(),
		Instances:         c.instances.Load(),
		ColdStarts:        c.coldStarts.Load(),
		ColdStartSeconds:  time.Duration(c.coldNanos.Load()).Seconds(),
		ColdStartBuckets:  make([]uint64, len(ColdStartBounds)),
		Crashes:           c.crashes.Load(),
		ColdStartWaits:    c.coldWaits.Load(),
	}
	for i := range s.ColdStartBuckets {
		s.ColdStartBuckets[i] = c.coldBuckets[i].Load()
	}
	if m := c.byStatus.Load(); m != nil {
		for k, n := range *m {
			s.Requests = append(s.Requests, RequestCount{k.status, k.errorType, n.Load()})
		}
	}
	slices.SortFunc(s.Requests, func(a, b RequestCount) int {
		if a.Status != b.Status {
			return a.Status - b.Status
		}
		return strings.Compare(a.ErrorType, b.ErrorType)
	})
	return s
}
