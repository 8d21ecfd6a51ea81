package dataplane

import (
	"net/http"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// FC's limits on a synchronous HTTP trigger request.
const (
	maxHeaderBlock = 4 << 10               // the header block
	maxTarget      = 4 << 10               // path and query
	maxBody        = fcauth.MaxTriggerBody // 32 MB
)

// checkLimits refuses a request over FC's limits with 400. A body without
// a length is read first, as FC takes a synchronous request whole before
// the function sees it; the function then gets it with its length (see
// takeBody for what that may hold, and for how long).
func (p *Plane) checkLimits(r *http.Request) *Failure {
	if n := headerBytes(r); n > maxHeaderBlock {
		return fail(fcspec.CodeInvalidArgument,
			"the request's headers take %d bytes; Function Compute accepts at most %d", n, maxHeaderBlock)
	}
	if n := len(r.RequestURI); n > maxTarget {
		return fail(fcspec.CodeInvalidArgument,
			"the request's path and query take %d bytes; Function Compute accepts at most %d", n, maxTarget)
	}
	if r.ContentLength > maxBody {
		return bodyTooLarge()
	}
	if r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody {
		return p.takeBody(r)
	}
	return nil
}

func bodyTooLarge() *Failure {
	return fail(fcspec.CodeEntityTooLarge, "payload size exceeds maximum allowed size (%d bytes)", maxBody)
}

// headerBytes is the size of the header block as sent: "Name: value\r\n"
// per line, Host included (Go keeps it apart).
func headerBytes(r *http.Request) int {
	n := len("Host: \r\n") + len(r.Host)
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(": \r\n") + len(v)
		}
	}
	return n
}
