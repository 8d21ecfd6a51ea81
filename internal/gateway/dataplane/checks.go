package dataplane

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// check runs FC's request checks in FC's order: trigger known and
// propagated (404), URL open and method allowed (403), an upgrade's body
// (400), signature (400 or 403), limits (400). Capacity (429) comes with
// placement. cfg is nil when no configuration is in effect.
func (p *Plane) check(r *http.Request, cfg *Trigger, now time.Time) *Failure {
	if cfg == nil {
		return fail(fcspec.CodeTriggerNotFound,
			"no HTTP trigger is served at this URL; a new or changed trigger takes effect after about %s (Function Compute's trigger cache): retry shortly", p.cfg.PropagationDelay)
	}
	if cfg.DisableURLInternet {
		return fail(fcspec.CodeAccessDenied,
			"trigger %q of function %q has disableURLInternet set, so its public URL is closed", cfg.Name, cfg.Function)
	}
	if !cfg.allows(r.Method) {
		msg := "method %s is not allowed by trigger %q of function %q (it allows %s)"
		if !cfg.allows(http.MethodGet) {
			msg += "; a WebSocket handshake is a GET request, so a WebSocket trigger must allow GET"
		}
		return fail(fcspec.CodeMethodNotAllowed, msg, r.Method, cfg.Name, cfg.Function, strings.Join(cfg.Methods, ", "))
	}
	// Before the signature, which would read the body.
	if fl := upgradeWithBody(r); fl != nil {
		return fl
	}
	switch cfg.AuthType {
	case fcspec.AuthFunction:
		var opts []fcauth.Option
		if p.cfg.AcceptFC2Signatures {
			opts = append(opts, fcauth.WithFC2Signatures())
		}
		if err := fcauth.VerifyTrigger(r, p.cfg.Lookup, now, opts...); err != nil {
			fl := authFailure(err)
			if errors.Is(err, fcauth.ErrFC2Scheme) {
				fl.Message += "; the local gateway accepts the old scheme when started with --accept-fc2-signatures, but FC 3.0 may not"
			}
			return fl
		}
	case fcspec.AuthJWT:
		return fail(fcspec.CodeNotSupportedLocally,
			"trigger %q uses authType jwt, which the local gateway does not verify; use anonymous or function locally", cfg.Name)
	}
	return p.checkLimits(r)
}

// authFailure restates fcauth's refusal (FC's own data-plane answer).
func authFailure(err error) *Failure {
	var e *fcauth.Error
	if !errors.As(err, &e) {
		return fail(fcspec.CodeSignatureNotMatch, "%v", err)
	}
	typ := e.ErrorType
	if typ == "" {
		typ = fcspec.ErrorTypeCommon
	}
	return &Failure{Status: e.Status, Type: typ, Code: e.Code, Message: e.Message}
}
