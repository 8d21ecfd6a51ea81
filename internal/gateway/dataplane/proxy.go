package dataplane

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// call is one plain request on its way to an instance.
type call struct {
	in       *inst
	fc       *fcHeaders
	status   int              // what the client got
	errType  fcspec.ErrorType // of the gateway's own answer
	timedOut atomic.Bool
}

type callKey struct{}

// dialTimeout bounds a connection to a ready instance on loopback, which
// only a wedged process fails to accept.
const dialTimeout = 10 * time.Second

// newProxy returns the plane's reverse proxy for plain HTTP requests. The
// instance is chosen per request, so the target travels in the context.
func newProxy() *httputil.ReverseProxy {
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			c := pr.In.Context().Value(callKey{}).(*call)
			pr.Out.URL.Scheme = "http"
			// The pool's key: one instance's connections are never
			// reused for another's (in sandboxes they share an address).
			pr.Out.URL.Host = c.in.id
			keepTarget(pr.Out.URL, pr.In.RequestURI)
			stripFC(pr.Out.Header)
			c.fc.set(pr.Out.Header)
			pr.SetXForwarded()
		},
		Transport: &http.Transport{
			DialContext:         dialInstance,
			MaxIdleConnsPerHost: 64,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true, // bytes pass as the function sent them
		},
		FlushInterval: -1, // streamed responses (SSE) flow at once
		ModifyResponse: func(resp *http.Response) error {
			c := resp.Request.Context().Value(callKey{}).(*call)
			c.status = resp.StatusCode
			// The answer already carries the gateway's id; the proxy adds
			// the function's headers to it, so one of its own must go.
			resp.Header.Del(headerRequestID)
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			c := r.Context().Value(callKey{}).(*call)
			fl := proxyFailure(c, r, err)
			c.status, c.errType = fl.Status, fl.Type
			if fl != errGone {
				fl.answer(w, r)
			}
		},
		ErrorLog: log.New(io.Discard, "", 0), // failures are answered and counted
	}
}

// dialInstance connects the proxy to the instance of the call it dials
// for (whose context travels with the dial).
func dialInstance(ctx context.Context, _, _ string) (net.Conn, error) {
	c, ok := ctx.Value(callKey{}).(*call)
	if !ok {
		return nil, errors.New("dataplane: a proxy connection with no instance to go to")
	}
	ctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	return c.in.proc.Dial(ctx)
}

// serveProxy forwards a plain request to the instance, cut at deadline.
func (p *Plane) serveProxy(w http.ResponseWriter, r *http.Request, in *inst, fc *fcHeaders, deadline time.Time) {
	st := &in.f.stats
	st.reqs.Add(1)
	defer st.reqs.Add(-1)
	c := &call{in: in, fc: fc}
	ctx, cancel := context.WithCancel(context.WithValue(r.Context(), callKey{}, c))
	defer cancel()
	timer := p.clock.AfterFunc(deadline.Sub(p.clock.Now()), func() {
		c.timedOut.Store(true)
		cancel()
	})
	defer timer.Stop()
	// Deferred: the proxy aborts the handler by panicking when a response
	// breaks off mid-body.
	defer func() {
		if c.status != 0 && c.status != errGone.Status {
			st.request(c.status, c.errType)
		}
	}()
	p.proxy.ServeHTTP(w, r.WithContext(ctx))
}

// proxyFailure names what went wrong between the gateway and the instance.
func proxyFailure(c *call, r *http.Request, err error) *Failure {
	switch {
	case c.timedOut.Load():
		return failFunction(c.in, fcspec.CodeFunctionTimeout, "function %q did not answer within its timeout of %d seconds", c.in.spec.Name, c.in.spec.TimeoutSeconds)
	case r.Context().Err() != nil:
		return errGone
	default:
		return failFunction(c.in, fcspec.CodeFunctionCrashed, "instance %s of function %q failed before answering: %v", c.in.id, c.in.spec.Name, err)
	}
}

// keepTarget makes the outgoing request line carry the path exactly as the
// client sent it (Go would re-escape it otherwise), as FC passes it on.
func keepTarget(u *url.URL, requestURI string) {
	path, _, _ := strings.Cut(requestURI, "?")
	// An opaque "//x" would be written as "http://x": leave such paths to
	// Go's own escaping.
	if strings.HasPrefix(path, "/") && !strings.HasPrefix(path, "//") {
		u.Opaque = path
		u.RawPath = ""
	}
}
