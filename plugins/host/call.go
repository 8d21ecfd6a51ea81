package host

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// errCallTimeout is the cause of a call's cancellation by CallTimeout.
var errCallTimeout = errors.New("the call timed out")

// call makes one call to the plugin, bounded by CallTimeout, and explains
// its failure: the caller's cancellation, the plugin's silence, or what
// callError makes of the status. The bound is a cancellation, not a gRPC
// deadline, so that the plugin cannot answer DeadlineExceeded first and
// blur whose clock ran out.
func call[T any](ctx context.Context, p *Plugin, method string, fn func(context.Context) (T, error)) (T, error) {
	callCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	timer := time.AfterFunc(p.opts.CallTimeout, func() { cancel(errCallTimeout) })
	defer timer.Stop()
	resp, err := fn(callCtx)
	if err == nil {
		return resp, nil
	}
	var zero T
	switch {
	case ctx.Err() != nil:
		return zero, fmt.Errorf("provider plugin %q: %s: %w", p.Name, method, ctx.Err())
	case context.Cause(callCtx) == errCallTimeout:
		return zero, fmt.Errorf("provider plugin %q did not answer %s within %s: %w",
			p.Name, method, p.opts.CallTimeout, context.DeadlineExceeded)
	}
	return zero, p.callError(method, err)
}
