package instance

import (
	"context"
	"fmt"
	"time"
)

// maxPoll caps the readiness back-off, which starts at 1 ms: a cold start
// is noticed within a few milliseconds without spinning.
const maxPoll = 25 * time.Millisecond

// waitReady polls until the instance listens (and passes its health check),
// or fails: loopback-only listener, exit, deadline, or ctx.
func (i *Instance) waitReady(ctx context.Context) (string, error) {
	s := i.spec
	probe := &listenProbe{fn: s.Function, port: s.Port, leader: i.cmd.Process.Pid, foreign: map[uint64]bool{}}
	check := probe.check
	if i.ch != nil {
		check = func() (string, string, error) { return nsReady(s.Function, i.ch, probe.leader, s.Port) }
	}
	deadline := time.NewTimer(s.ReadyTimeout)
	defer deadline.Stop()
	tick := time.NewTimer(0)
	defer tick.Stop()
	backoff, addr, healthy := time.Millisecond, "", 0
	why := fmt.Sprintf("nothing listens on port %d", s.Port)
	for {
		select {
		case <-i.exited:
			return "", fmt.Errorf("function %q %w: %v", s.Function, errExitedEarly, i.exit)
		case <-deadline.C:
			return "", fmt.Errorf("function %q was not ready within %v: %s", s.Function, s.ReadyTimeout, why)
		case <-ctx.Done():
			return "", fmt.Errorf("function %q: start abandoned: %w", s.Function, ctx.Err())
		case <-tick.C:
		}
		next := backoff
		backoff = min(2*backoff, maxPoll)
		if addr == "" {
			var err error
			if addr, why, err = check(); err != nil {
				return "", err
			}
		}
		if addr != "" {
			hc := s.HealthCheck
			if hc == nil {
				return addr, nil
			}
			if wait := hc.InitialDelay - time.Since(i.started); wait > 0 {
				why = "waiting for the health check's initial delay"
				tick.Reset(wait)
				continue
			}
			ok, w := probeHTTP(ctx, i.dial, addr, hc)
			if ok {
				if healthy++; healthy >= hc.SuccessThreshold {
					return addr, nil
				}
			} else {
				healthy, why = 0, w
			}
			if hc.Period > 0 {
				next = hc.Period
			}
		}
		tick.Reset(next)
	}
}
