package smoke

import (
	"net"
	"time"
)

// Options tune a smoke test; the zero value is FC's.
type Options struct {
	// Progress receives the test's events, one call at a time (see Event).
	Progress func(Event)
	// PropagationWindow is how long a trigger change takes to be served:
	// about 10 s on FC (the default), the configured delay on the local
	// gateway. An attempt is timed for the moment a change should be
	// served, and after an update 400, 403 and 404 are retried until half
	// as long again has passed ("about" 10 s is not a promise).
	PropagationWindow time.Duration
	PingTimeout       time.Duration // for the pong; default 5 s
	ReplyTimeout      time.Duration // for the reply to send/expect; default 10 s
	// Parallelism is how many targets are checked at once; 0 is
	// DefaultParallelism. Each open check holds an instance of its
	// function, and FC caps the instances of an account (see Parallelism).
	Parallelism int

	// resolver, when set, looks host names up instead of the system's:
	// tests point it at a DNS server of their own on loopback.
	resolver *net.Resolver
}

// Defaults of Options.
const (
	DefaultPropagationWindow = 10 * time.Second
	DefaultPingTimeout       = 5 * time.Second
	DefaultReplyTimeout      = 10 * time.Second
	// DefaultParallelism is for a provider that does not know its
	// account's instance limit: a tenth of FC's smallest documented
	// default quota (100 instances per region), leaving the rest to the
	// traffic the account already serves.
	DefaultParallelism = 10
)

// Parallelism is how many checks may run at once under an account limit
// of instanceLimit instances (0: unknown, DefaultParallelism). A check
// holds one instance while its connection is open, and the instance takes
// a moment to let go after the close; half the limit bounds both the open
// checks and those still letting go, so the smoke test never throttles
// itself, and leaves half to the functions' own traffic.
func Parallelism(instanceLimit int) int {
	if instanceLimit <= 0 {
		return DefaultParallelism
	}
	return max(1, instanceLimit/2)
}

func (o Options) withDefaults() Options {
	if o.PropagationWindow <= 0 {
		o.PropagationWindow = DefaultPropagationWindow
	}
	if o.PingTimeout <= 0 {
		o.PingTimeout = DefaultPingTimeout
	}
	if o.ReplyTimeout <= 0 {
		o.ReplyTimeout = DefaultReplyTimeout
	}
	if o.Parallelism <= 0 {
		o.Parallelism = DefaultParallelism
	}
	if o.Progress == nil {
		o.Progress = func(Event) {}
	}
	return o
}

// updateWindow is how long after an update a 400, 403 or 404 may still be
// the old configuration.
func (o Options) updateWindow() time.Duration { return o.PropagationWindow * 3 / 2 }
