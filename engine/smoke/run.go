package smoke

import (
	"context"
	"net/http"
	"sync"
)

// Run checks every target at once and returns their results in the
// targets' order. Each target has its own deadline (its smoke timeout) for
// becoming reachable. The error is ctx's when it ended the test early
// (those targets are reported failed).
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
	defer base.CloseIdleConnections()

	sum := &Summary{Results: make([]Result, len(targets))}
	for i := range targets {
		emit(Event{Type: Started, Target: &targets[i]})
	}
	var wg sync.WaitGroup
	for i := range targets {
		wg.Go(func() {
			t := &targets[i]
			r := check(ctx, t, clientFor(base, t), &o, emit)
			sum.Results[i] = r
			emit(Event{Type: Finished, Target: t, Result: &r})
		})
	}
	wg.Wait()
	return sum, ctx.Err()
}
