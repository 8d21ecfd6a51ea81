package smoke

import (
	"net/http"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// signing signs each request as it is sent, so every attempt (and every
// redirect) carries a fresh Date and a signature over the request exactly
// as the transport sends it, the Sec-WebSocket-* headers included.
type signing struct {
	base http.RoundTripper
	sign Signer
}

func (s signing) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context()) // a RoundTripper must not change its request
	if err := s.sign(r); err != nil {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, &signError{err}
	}
	return s.base.RoundTrip(r)
}

// clientFor is the HTTP client of t's handshakes: base, signing when the
// trigger wants signed requests and a signer is at hand (without one the
// handshake goes unsigned, and FC's refusal explains).
func clientFor(base *http.Transport, t *Target) *http.Client {
	if t.Domain != nil {
		if tr, err := domainTransport(base, t.Domain); err == nil { // Targets checked it
			return &http.Client{Transport: tr}
		}
	}
	if t.AuthType == fcspec.AuthFunction && t.Sign != nil {
		return &http.Client{Transport: signing{base, t.Sign}}
	}
	return &http.Client{Transport: base}
}

// signError is a handshake the signer could not sign.
type signError struct{ err error }

func (e *signError) Error() string { return "cannot sign the handshake: " + e.err.Error() }
func (e *signError) Unwrap() error { return e.err }
