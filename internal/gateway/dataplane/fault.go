package dataplane

import (
	"net/http"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Hits reports whether request number n (counting from 1) is one of the
// faulty share: a pure function of Seed and n, so the control API can
// inject faults by the same rule.
func (f Fault) Hits(n uint64) bool {
	return f.Rate > 0 && unitFloat(f.Seed, n) < f.Rate
}

// inject is the data plane's answer to request number n when it is hit.
func (f Fault) inject(n uint64) *Failure {
	if !f.Hits(n) {
		return nil
	}
	switch f.Status {
	case http.StatusTooManyRequests:
		return fail(fcspec.CodeResourceExhausted, "too many requests (fault injected by the local gateway): retry with exponential backoff")
	case http.StatusServiceUnavailable:
		return fail(fcspec.CodeServiceUnavailable, "the system is throttled (fault injected by the local gateway): retry with exponential backoff")
	}
	fl := fail(fcspec.CodeInternalServerError, "the system failed (fault injected by the local gateway): retry")
	fl.Status = f.Status // any other status asked for, with InternalServerError's body
	return fl
}

// unitFloat maps (seed, n) to [0, 1) with splitmix64: cheap, stateless, and
// well spread even for consecutive n.
func unitFloat(seed, n uint64) float64 {
	z := seed + n*0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}
