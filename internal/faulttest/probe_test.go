package faulttest

import (
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// schedProbe measures how late this process runs a 1 ms sleep while it is
// on: the largest delay is how long the machine (2 shared cores) kept the
// process from running. A latency test subtracts it, so that it fails for
// the code's delays, not for the machine's.
type schedProbe struct {
	worst atomic.Int64 // ns
	stop  chan struct{}
	done  chan struct{}
}

func startProbe() *schedProbe {
	p := &schedProbe{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for {
			select {
			case <-p.stop:
				return
			default:
			}
			t := time.Now()
			time.Sleep(time.Millisecond)
			if late := time.Since(t) - time.Millisecond; late > time.Duration(p.worst.Load()) {
				p.worst.Store(int64(late))
			}
		}
	}()
	return p
}

// end stops the probe and returns the worst delay it saw.
func (p *schedProbe) end() time.Duration {
	close(p.stop)
	<-p.done
	return time.Duration(p.worst.Load())
}

// exitWatch reports when pid exits (becomes a zombie, before anyone reaps
// it), through a pidfd, which does not interfere with its parent's wait.
func exitWatch(t *testing.T, pid int) <-chan time.Time {
	t.Helper()
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		t.Fatalf("pidfd_open %d: %v", pid, err)
	}
	at := make(chan time.Time, 1)
	go func() {
		defer unix.Close(fd)
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			if _, err := unix.Poll(fds, -1); err != unix.EINTR {
				break
			}
		}
		at <- time.Now()
	}()
	return at
}
