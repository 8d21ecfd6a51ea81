package dataplane

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

const headerRequestID = "X-Fc-Request-Id"

// fcHeaders is what FC tells a function about a request.
type fcHeaders struct {
	requestID, function, region, account, memory string
	creds                                        *credentials // the role's; nil without one
}

// stripFC removes every x-fc-* header a client sent: only FC may set them,
// and a function trusts them (x-fc-function-name, credentials).
func stripFC(h http.Header) {
	for k := range h {
		if len(k) >= 5 && strings.EqualFold(k[:5], "x-fc-") {
			delete(h, k)
		}
	}
}

// set adds FC's request headers, with the role's credentials if the
// function has one (never the gateway's own key pair).
func (f *fcHeaders) set(h http.Header) {
	h["X-Fc-Request-Id"] = []string{f.requestID}
	h["X-Fc-Function-Name"] = []string{f.function}
	h["X-Fc-Region"] = []string{f.region}
	h["X-Fc-Account-Id"] = []string{f.account}
	h["X-Fc-Qualifier"] = []string{fcspec.QualifierLatest}
	h["X-Fc-Function-Memory"] = []string{f.memory}
	f.creds.set(h)
}

// newFCHeaders is what FC tells instance in of one request.
func newFCHeaders(p *Plane, requestID string, in *inst) fcHeaders {
	s := in.spec
	return fcHeaders{
		creds:     in.creds.current(p.clock.Now()),
		requestID: requestID,
		function:  s.Name,
		region:    p.cfg.Region,
		account:   p.cfg.AccountID,
		memory:    strconv.Itoa(s.MemoryMB),
	}
}
