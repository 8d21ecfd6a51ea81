package aliyun

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/alibabacloud-go/tea/dara"
)

// call runs one FC operation: fn makes one attempt with the context it is
// given (which carries the attempt's record for the transport). Retryable
// failures are retried per the RetryPolicy; the error returned is an
// *APIError for FC's answers, else an error naming op. attempts is how many
// attempts were made, which tells a create or delete whether an earlier
// attempt may have taken effect unseen.
func (p *Provider) call(ctx context.Context, op string, fn func(ctx context.Context) error) (attempts int, err error) {
	pol := p.s.Retry
	start := time.Now()
	for n := 1; ; n++ {
		actx, rec := withAttempt(ctx)
		err := fn(actx)
		if err == nil {
			return n, nil
		}
		err = toAPIError(op, err, rec)
		if !retryable(ctx, err) {
			return n, p.fail(op, err)
		}
		wait := pol.backoff(n)
		if n >= pol.MaxAttempts || time.Since(start)+wait > pol.MaxElapsed {
			return n, p.fail(op, &gaveUp{err: err, attempts: n, elapsed: time.Since(start)})
		}
		if sleep(ctx, wait) != nil {
			return n, p.fail(op, err)
		}
	}
}

// fail makes the final error of op: FC's answers stay *APIError (their
// message scrubbed); anything else is named after op and scrubbed.
func (p *Provider) fail(op string, err error) error {
	var api *APIError
	if errors.As(err, &api) {
		api.Message = scrub(api.Message, p.secrets)
		return err // *APIError, or gaveUp around one
	}
	if !strings.Contains(op, " ") {
		op = "FC " + op
	}
	return &opError{text: scrub(op+": "+err.Error(), p.secrets), err: err}
}

// Every SDK call gets empty headers and runtime options: the SDK retries
// nothing itself (RetryOptions unset), call does.
func noHeaders() map[string]*string { return map[string]*string{} }
func runtime() *dara.RuntimeOptions { return &dara.RuntimeOptions{} }
