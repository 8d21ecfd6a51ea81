package aliyun

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// RetryPolicy bounds the retries of one FC call. Throttling, 429, 500, 502,
// 503, 504, 409 ConcurrentUpdateError and network failures are retried with exponential backoff and
// full jitter (a random wait between 0 and min(MaxDelay, BaseDelay·2^n)),
// until MaxAttempts or until the next wait would pass MaxElapsed; any other
// error fails at once. Zero fields take the defaults.
type RetryPolicy struct {
	MaxAttempts int           // default 8
	MaxElapsed  time.Duration // default 2 minutes
	BaseDelay   time.Duration // default 250 ms
	MaxDelay    time.Duration // default 20 s
}

func (r RetryPolicy) withDefaults() RetryPolicy {
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = 8
	}
	if r.MaxElapsed <= 0 {
		r.MaxElapsed = 2 * time.Minute
	}
	if r.BaseDelay <= 0 {
		r.BaseDelay = 250 * time.Millisecond
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = 20 * time.Second
	}
	return r
}

// backoff is the wait before retry n (n ≥ 1): full jitter, which spreads
// the retries of parallel calls that failed together.
func (r RetryPolicy) backoff(n int) time.Duration {
	ceiling := r.MaxDelay
	if n < 31 && r.BaseDelay<<(n-1) < ceiling && r.BaseDelay<<(n-1) > 0 {
		ceiling = r.BaseDelay << (n - 1)
	}
	return time.Duration(jitter(int64(ceiling) + 1))
}

// jitter draws a wait in [0, n); tests replace it to take the longest.
var jitter = rand.Int64N

// retryableStatus are the statuses worth another try: throttled, or a
// server or gateway failure. Every provider operation tolerates a repeat
// (creates read back on AlreadyExists, deletes accept NotFound after a
// retry), so the request having reached FC is no reason not to retry.
var retryableStatus = map[int]bool{
	http.StatusTooManyRequests:     true,
	http.StatusInternalServerError: true,
	http.StatusBadGateway:          true,
	http.StatusServiceUnavailable:  true,
	http.StatusGatewayTimeout:      true,
}

// retryable reports whether err, from one attempt of a call whose context
// is ctx, is worth another attempt.
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false // the caller gave up
	}
	var api *APIError
	if errors.As(err, &api) {
		// Throttling also covers Throttling.User and Throttling.Api; a
		// ConcurrentUpdateError races an update that ends soon.
		return strings.Contains(api.Code, string(fcspec.CodeThrottling)) || isCode(err, fcspec.CodeConcurrentUpdate) || retryableStatus[api.StatusCode]
	}
	return retryableNetError(err)
}

// retryableNetError accepts transport failures (refused, reset, timed out,
// cut short) and refuses those a retry cannot fix: a certificate that does
// not verify, a host name that does not exist, a malformed request.
func retryableNetError(err error) bool {
	var (
		certErr    *tls.CertificateVerificationError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		dnsErr     *net.DNSError
		netErr     net.Error
		opErr      *net.OpError
		recordErr  tls.RecordHeaderError
		invalidErr x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr),
		errors.As(err, &recordErr), errors.As(err, &invalidErr):
		return false
	case errors.As(err, &dnsErr):
		return !dnsErr.IsNotFound
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &opErr):
		return true // dial, read or write on the connection
	case errors.As(err, &netErr):
		return netErr.Timeout() // *url.Error is a net.Error whatever it wraps
	}
	return false
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
