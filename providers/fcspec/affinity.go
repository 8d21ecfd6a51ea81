package fcspec

import (
	"fmt"
	"strings"
)

// Session affinity (FC-REFERENCE.md section 4; FC 3.0 API reference,
// CreateFunctionInput.sessionAffinity and the HeaderFieldSessionAffinityConfig
// and CookieSessionAffinityConfig structs; user guide "Configure HeaderField
// affinity" and "Session affinity: General limitations and principles").
const (
	// AffinityHeaderField routes by a request header the function names.
	AffinityHeaderField = "HEADER_FIELD"
	// AffinityCookie routes by a cookie FC sets on the first response.
	AffinityCookie = "GENERATED_COOKIE"
	// AffinityMCPSSE and AffinityMCPStreamable are FC's affinities for MCP
	// servers; wsdeploy does not configure them, but reads them.
	AffinityMCPSSE        = "MCP_SSE"
	AffinityMCPStreamable = "MCP_STREAMABLE"
	// AffinityNone is what FC reports for a function without affinity
	// (unconfirmed: FC may also omit the field, which reads the same).
	AffinityNone = "NONE"

	// Ranges of sessionAffinityConfig's fields, in sessions and seconds.
	SessionsPerInstanceMin, SessionsPerInstanceMax = 1, 200
	SessionTTLMin, SessionTTLMax                   = 1, 21600
	SessionIdleMin, SessionIdleMax                 = 0, 21600
	// Defaults of the console and of the API reference's examples
	// (20 sessions per instance is the user guide's default; the TTL and
	// idle defaults are the examples' values, unconfirmed as API defaults).
	DefaultSessionsPerInstance = 20
	DefaultSessionTTL          = 21600
	DefaultSessionIdle         = 1800

	// AffinityInstanceConcurrency is the instance concurrency FC forces on
	// a function with session affinity: the sessions of one instance share
	// it, and requests past it are throttled (429).
	AffinityInstanceConcurrency = 200

	// SessionIDMaxLen bounds a session id a client sends.
	SessionIDMaxLen = 64

	// SessionActive and SessionExpired are the Session API's statuses.
	SessionActive  = "Active"
	SessionExpired = "Expired"
)

var (
	// A letter, then letters, digits, '-' or '_'; 5 to 40 characters.
	affinityHeaderRE = lazyRE(`^[A-Za-z][A-Za-z0-9_-]{4,39}$`)
	// A letter, digit or '_', then letters, digits, '_' or '-'; 1 to 64.
	sessionIDRE = lazyRE(`^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$`)
)

// CheckAffinityHeader validates affinityHeaderFieldName.
func CheckAffinityHeader(name string) error {
	if !affinityHeaderRE().MatchString(name) {
		return fmt.Errorf("is %q; the session header is 5 to 40 letters, digits, '-' or '_', starting with a letter, such as \"x-session-id\" or \"mySessionId\"", name)
	}
	if strings.HasPrefix(strings.ToLower(name), "x-fc-") {
		return fmt.Errorf("is %q; Function Compute reserves headers starting with x-fc- for itself: choose another name, such as \"x-session-id\"", name)
	}
	return nil
}

// CheckSessionID validates a session id a client sends (FC's user guide:
// 1 to 64 characters, a letter, digit or underscore first, then letters,
// digits, underscores or hyphens).
func CheckSessionID(id string) error {
	if !sessionIDRE().MatchString(id) {
		return fmt.Errorf("session id %q is not 1 to 64 letters, digits, '_' or '-' starting with a letter, digit or '_'", id)
	}
	return nil
}
