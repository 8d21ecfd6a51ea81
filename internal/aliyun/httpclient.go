package aliyun

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"time"
)

// httpClient is the SDK's transport (dara.HttpClient). The SDK's shared
// default client rewrites its Timeout on every call while other calls read
// it (tea v1.5.2, dara/core.go): a data race under parallel calls. This one
// is the Provider's own, never written after New, and keeps connections
// alive across calls, which the SDK's per-call transport does not.
//
// It also records, for the attempt in the request's context, the status,
// the x-acs-request-id header and the start of an error body: what an
// error needs when FC's JSON error body is missing.
type httpClient struct{ c *http.Client }

func newHTTPClient() *httpClient {
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment, // never for loopback
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 2 * time.Minute, // counted after the request (code included) is sent
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &httpClient{c: &http.Client{Transport: t}}
}

// Call sends r, ignoring the per-call transport the SDK builds.
func (h *httpClient) Call(r *http.Request, _ *http.Transport) (*http.Response, error) {
	resp, err := h.c.Do(r)
	if rec, ok := r.Context().Value(attemptKey{}).(*attempt); ok && resp != nil {
		rec.status = resp.StatusCode
		rec.requestID = resp.Header.Get("x-acs-request-id")
		if resp.StatusCode >= 400 {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			resp.Body = io.NopCloser(bytes.NewReader(b))
			rec.bodyPrefix = string(b[:min(len(b), 200)])
		}
	}
	return resp, err
}

// attempt is what the transport saw of one attempt of a call.
type attempt struct {
	status     int
	requestID  string
	bodyPrefix string
}

type attemptKey struct{}

func withAttempt(ctx context.Context) (context.Context, *attempt) {
	a := &attempt{}
	return context.WithValue(ctx, attemptKey{}, a), a
}
