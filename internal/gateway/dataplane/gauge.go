package dataplane

import "sync/atomic"

// gauge counts something the gateway holds (connections, bytes of request
// bodies) against a cap; every operation is one atomic add.
type gauge struct {
	max int64
	n   atomic.Int64
}

// take adds n unless that passes the cap.
func (g *gauge) take(n int64) bool {
	if g.n.Add(n) > g.max {
		g.n.Add(-n)
		return false
	}
	return true
}

func (g *gauge) give(n int64) { g.n.Add(-n) }

// pressed reports whether more than three quarters of the cap are held.
func (g *gauge) pressed() bool { return g.n.Load()*4 > g.max*3 }
