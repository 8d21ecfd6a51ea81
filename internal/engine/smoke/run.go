package smoke

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

// Run checks every target and returns their results in the targets'
// order. At most Options.Parallelism of them hold a connection at once:
// every open connection holds an instance of its function, FC caps the
// instances of an account, and each check closes its connection as soon as
// it is done, so that its instance goes idle. Each target has its own
// deadline (its smoke timeout) for becoming reachable, which starts with
// its first attempt: waiting for that first turn never makes a target
// unreachable. The error is ctx's when it ended the test early (those
// targets are reported failed).
func Run(ctx context.Context, targets []Target, opts Options) (*Summary, error) {
	o := opts.withDefaults()
	var mu sync.Mutex
	emit := func(e Event) { // views need not be safe for concurrent use
		mu.Lock()
		defer mu.Unlock()
		o.Progress(e)
	}
	// One transport for all targets: handshakes to one host share its
	// connections while waiting (a 404 keeps the connection alive).
	base := http.DefaultTransport.(*http.Transport).Clone()
	if o.resolver != nil { // http.DefaultTransport's dialer, with it
		base.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Resolver: o.resolver}).DialContext
	}
	defer base.CloseIdleConnections()

	sum := &Summary{Results: make([]Result, len(targets))}
	for i := range targets {
		emit(Event{Type: Started, Target: &targets[i]})
	}
	tn := newTurns(o.Parallelism)
	var wg sync.WaitGroup
	for i := range targets {
		wg.Go(func() {
			t := &targets[i]
			r := check(ctx, t, clientFor(base, t), &o, tn, emit)
			sum.Results[i] = r
			emit(Event{Type: Finished, Target: t, Result: &r})
		})
	}
	wg.Wait()
	return sum, ctx.Err()
}
