package smoke

import (
	"net/http"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// Signer signs a handshake for a trigger whose authType is
// fcspec.AuthFunction; the CLI passes the provider's SignRequest.
type Signer func(*http.Request) error

// ChangeKind is what the apply before the smoke test did to a trigger: it
// decides how a 400, 403 or 404 is read (see classify.go).
type ChangeKind string

const (
	Unchanged ChangeKind = ""        // not touched: whatever it answers is its configuration
	Created   ChangeKind = "created" // new (or replaced): 404 until FC's cache catches up
	Updated   ChangeKind = "updated" // changed in place: the old configuration may answer for a while
)

// Change is what apply did to a trigger and when that call returned.
type Change struct {
	Kind ChangeKind
	At   time.Time
}

// Target is one function's check: which trigger to dial and what to expect.
type Target struct {
	Function string // block label, as in function.<label>
	FCName   string // the function's name on FC
	Trigger  string
	// URL is the trigger's URL as the provider reports it (http:// or
	// https://); "" when apply did not get to create the trigger.
	URL      string
	AuthType string // anonymous | function | jwt
	// Smoke is the function's smoke block, or the defaults (handshake and
	// ping only, DefaultSmokeTimeout) when it has none. Enabled is ignored.
	Smoke  config.Smoke
	Sign   Signer // used when AuthType is fcspec.AuthFunction
	Change Change
	// Domain is set when the check goes through a custom domain instead of
	// the trigger (Trigger is then ""): see domains.go.
	Domain *DomainRoute
}

// timeout is the target's deadline for becoming reachable.
func (t *Target) timeout() time.Duration {
	if t.Smoke.Timeout > 0 {
		return t.Smoke.Timeout
	}
	return config.DefaultSmokeTimeout
}

// Via names the way in: "trigger ws" or "custom domain chat.example.com".
func (t *Target) Via() string {
	if t.Domain != nil {
		return via("", t.Domain.Host)
	}
	return via(t.Trigger, "")
}

// what names the target in messages: `trigger "ws" of function "chat"`.
func (t *Target) what() string {
	if t.Domain != nil {
		return "custom domain \"" + t.Domain.Host + "\" (route \"" + t.Domain.Path + "\") of function \"" + t.Function + "\""
	}
	return "trigger \"" + t.Trigger + "\" of function \"" + t.Function + "\""
}
