package smoke

import (
	"fmt"
	"net/http"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// This file is the one place that reads FC's answers to a handshake
// (FC-REFERENCE.md section 2, "Errors of HTTP triggers"). The ErrorCode
// names are the local gateway's; FC documents statuses and X-Fc-Error-Type
// only, so decisions rest on those and codes refine the hints.

// action is what a failed attempt calls for.
type action int

const (
	retry         action = iota // not yet: try again until the deadline
	retryWindow                 // the old configuration may still answer: retry until the update's window closes
	retryCapacity               // no room for an instance now: retry, slower, until the deadline
	unresolved                  // the host name does not exist: one more lookup to confirm, then end the target
	stop                        // waiting cannot fix it: end the target now
)

// diagnosis is one failed attempt, read.
type diagnosis struct {
	action  action
	outcome Outcome // the target's outcome if it ends on this attempt
	what    string  // what happened, in one phrase
	hint    string  // what to do
	answer  *Answer
}

// classifyAnswer reads an HTTP answer other than 101.
//
// 404 is propagation (FC serves a new trigger after about 10 s). 429 is
// capacity, not propagation: the account's instance limit (ResourceExhausted,
// on FC and on the local gateway) or the function's reserved
// concurrency is taken, by other traffic or by instances still letting go
// of a check that just closed; it is retried, more slowly, until the
// deadline. 500 and 503 are FC's other "retry" answers. A 502 with UnhandledInvocationError
// is the function's own failure (it crashed, or listens on 127.0.0.1),
// which waiting does not fix and retrying would only bill more failed cold
// starts: it ends the target. Any other 5xx (502 and 504 from FC's front
// end or a proxy before it) is retried. 400 and 403 are the trigger's
// configuration (methods, auth, a closed public URL) and 501 is the local
// gateway's "cannot run this": no wait changes them, except right after an
// update, when FC may still serve the old configuration.
func classifyAnswer(a *Answer, t *Target) diagnosis {
	d := diagnosis{answer: a, what: "FC answered " + a.String(), action: stop, outcome: Failed}
	updated := t.Change.Kind == Updated
	switch {
	case fcspec.ErrorType(a.ErrorType) == fcspec.ErrorTypeUnhandled:
		d.what = "the function failed: " + a.String()
		d.hint = logsHint(t) + " and fix its start-up or its handshake handler"
	case a.Status == http.StatusNotFound:
		d.action, d.outcome = retry, Unreachable
		if updated {
			d.action = retryWindow
		}
		d.hint = "Function Compute serves a new or changed trigger after about 10 s; if it needs longer, raise smoke { timeout = \"2m\" }"
		if t.Domain != nil {
			d.hint = fmt.Sprintf("check that a route of custom_domain %q matches this path, and that the domain's DNS record (a CNAME to your account's FC endpoint) is in place; Function Compute serves a new or changed domain after a while: if it needs longer, raise smoke { timeout = \"2m\" }", t.Domain.Host)
		}
		if a.ErrorType == "" {
			d.what = "the server answered without X-Fc-Error-Type: " + a.String()
			d.hint += "; if your server answered 404 itself, serve the WebSocket at this URL's path"
		}
	case a.Status == http.StatusTooManyRequests:
		d.action, d.outcome = retryCapacity, Unreachable
		d.what = "no capacity for a new instance: FC answered " + a.String()
		d.hint = "every instance the account's limit (or the function's reserved concurrency) allows was busy the whole time: " +
			"wait for other traffic to end and run wsdeploy smoke again, check fewer functions at once (-smoke-parallelism), " +
			"or raise instance_concurrency or the account's instance quota (Quota Center)"
	case a.Status >= 500 && a.Status != http.StatusNotImplemented:
		d.action, d.outcome = retry, Unreachable
		d.hint = "FC reported a system error or overload the whole time: check FC's status, then run wsdeploy smoke again"
	case a.ErrorType == "":
		d.what = fmt.Sprintf("the server answered the handshake with %s instead of 101 Switching Protocols", a.String())
		d.hint = "make the function accept a WebSocket upgrade on GET at this URL's path"
	case a.Status == http.StatusBadRequest || a.Status == http.StatusUnauthorized || a.Status == http.StatusForbidden:
		if updated {
			d.action = retryWindow
		}
		d.hint = refusalHint(a, t)
	case a.Status == http.StatusNotImplemented:
		d.hint = fmt.Sprintf("test this function on Function Compute, or set smoke { enabled = false } in function %q", t.Function)
	}
	return d
}

// refusalHint says what to change when FC refuses a handshake with 400,
// 401 or 403. FC documents the causes, not the codes: codes are matched where
// known, and the fallback lists every cause.
func refusalHint(a *Answer, t *Target) string {
	if t.Domain != nil {
		return domainRefusalHint(a, t)
	}
	trigger := fmt.Sprintf("http_trigger %q of function %q", t.Trigger, t.Function)
	switch fcspec.Code(a.Code) {
	case fcspec.CodeMethodNotAllowed:
		return fmt.Sprintf("add \"GET\" to the methods of %s: a WebSocket handshake is a GET request; then run wsdeploy apply", trigger)
	case fcspec.CodeAccessDenied:
		return fmt.Sprintf("%s has disable_url_internet = true, so its public URL is closed: open it, or set smoke { enabled = false }", trigger)
	case fcspec.CodeRequestTimeTooSkewed:
		return "the signature's Date is more than 15 minutes off FC's clock: set this machine's clock right (NTP)"
	case fcspec.CodeSignatureNotMatch, fcspec.CodeInvalidAccessKeyID:
		return "FC refused the signature: sign with credentials of the account that owns the function (the provider's)"
	case fcspec.CodeEntityTooLarge, fcspec.CodeInvalidArgument:
		return "the handshake exceeds FC's request limits (headers and path+query 4 KB each)"
	case fcspec.CodeMissingRequiredHeader:
		if t.AuthType == fcspec.AuthFunction && t.Sign == nil {
			return fmt.Sprintf("%s requires signed requests (auth_type = \"function\") but no signer was given: the provider's credentials sign the handshake", trigger)
		}
		return fmt.Sprintf("the deployed %s requires signed requests, but the stack declares auth_type = %q: run wsdeploy apply", trigger, t.AuthType)
	}
	if t.AuthType == fcspec.AuthJWT {
		return fmt.Sprintf("%s uses auth_type = \"jwt\", and wsdeploy cannot mint your JWTs: set smoke { enabled = false } and test it with your client", trigger)
	}
	return fmt.Sprintf("check %s: its methods must include GET, its public URL must be open, and auth_type \"function\" needs signed requests", trigger)
}

// domainRefusalHint is refusalHint for a check through a custom domain,
// which wsdeploy leaves anonymous.
func domainRefusalHint(a *Answer, t *Target) string {
	route := fmt.Sprintf("the route %q of custom_domain %q", t.Domain.Path, t.Domain.Host)
	if fcspec.Code(a.Code) == fcspec.CodeMethodNotAllowed {
		return fmt.Sprintf("add \"GET\" to the methods of %s: a WebSocket handshake is a GET request; then run wsdeploy apply", route)
	}
	return fmt.Sprintf("check %s: it must route this path to function %q and allow GET; a custom domain with an authConfig set outside wsdeploy refuses unsigned handshakes", route, t.Function)
}
