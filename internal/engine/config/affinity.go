package config

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// affinityTypes maps session_affinity's type, as written, to FC's
// sessionAffinity.
var affinityTypes = map[string]string{
	"header_field": fcspec.AffinityHeaderField,
	"cookie":       fcspec.AffinityCookie,
}

// decodeSessionAffinity decodes a session_affinity block with FC's defaults.
// The idle timeout left out is FC's default unless the TTL written is
// shorter: then the TTL, since a session cannot idle longer than it lives.
func (l *loader) decodeSessionAffinity(f *Function, b *hcl.Block) *SessionAffinity {
	a := &SessionAffinity{
		SessionsPerInstance: fcspec.DefaultSessionsPerInstance,
		SessionTTL:          fcspec.DefaultSessionTTL,
	}
	d := l.nested(f, b, sessionAffinitySchema, "session_affinity.")
	var typ string
	if d.string("type", &typ) {
		a.Type = affinityTypes[typ]
		if a.Type == "" {
			l.errorAt(d.rangeOf("type"), "Invalid session_affinity type",
				fmt.Sprintf("Function %q: session_affinity type is %q; write \"header_field\" (clients send their session id in a header you name; FC's HEADER_FIELD) or \"cookie\" (FC sets a cookie on the first response; GENERATED_COOKIE).%s",
					f.Label, typ, didYouMean(strings.ToLower(typ), sortedKeys(affinityTypes))))
		}
	}
	d.string("header", &a.Header)
	d.int("sessions_per_instance", &a.SessionsPerInstance)
	d.int("session_ttl", &a.SessionTTL)
	if !d.int("session_idle_timeout", &a.SessionIdleTimeout) {
		a.SessionIdleTimeout = fcspec.DefaultSessionIdle
		if a.SessionTTL >= fcspec.SessionTTLMin && a.SessionTTL < a.SessionIdleTimeout {
			a.SessionIdleTimeout = a.SessionTTL
		}
	}
	d.bool("disable_session_id_reuse", &a.DisableSessionIDReuse)
	if !l.standing(f, d, "session_affinity") {
		return nil
	}
	return a
}

// forceAffinityConcurrency gives a function with session affinity the
// instance concurrency FC forces on it, unless the stack writes one
// (validate then checks it is that value).
func forceAffinityConcurrency(f *Function) {
	if _, written := f.Ranges["instance_concurrency"]; f.SessionAffinity != nil && !written {
		f.InstanceConcurrency = fcspec.AffinityInstanceConcurrency
	}
}

// sessionAffinity checks the session_affinity block against FC's rules.
func (c fnCheck) sessionAffinity() {
	a := c.f.SessionAffinity
	if a == nil {
		return
	}
	const p = "session_affinity."
	switch {
	case !c.has(p + "type"):
		c.errorf(p+"type", "Missing session_affinity type",
			"session_affinity needs type = \"header_field\" or \"cookie\". Set it, or remove the block (or set all its attributes to null) to turn affinity off.")
	case a.Type == fcspec.AffinityHeaderField && !c.has(p+"header"):
		c.errorf(p+"type", "Missing session header",
			"session_affinity type \"header_field\" routes by a request header: name it with header = \"x-session-id\" (5 to 40 letters, digits, '-' or '_', a letter first, not x-fc-).")
	case a.Type == fcspec.AffinityHeaderField:
		c.check(p+"header", "Invalid session header", fcspec.CheckAffinityHeader(a.Header))
	case a.Type == fcspec.AffinityCookie && c.has(p+"header"):
		c.errorf(p+"header", "Header with cookie affinity",
			"header does not apply to session_affinity type \"cookie\": Function Compute names and sets the cookie itself. Remove header, or use type = \"header_field\" to route by your own header.")
	}
	if c.has("instance_concurrency") && c.f.InstanceConcurrency != fcspec.AffinityInstanceConcurrency {
		c.errorf("instance_concurrency", "Instance concurrency with session affinity",
			"instance_concurrency is %d, but Function Compute forces instance concurrency to %d on a function with session_affinity (the sessions of an instance share it; requests past it get 429). Remove instance_concurrency, or write %d; bound sessions per instance with session_affinity.sessions_per_instance.",
			c.f.InstanceConcurrency, fcspec.AffinityInstanceConcurrency, fcspec.AffinityInstanceConcurrency)
	}
	c.inRange(p+"sessions_per_instance", "Invalid sessions_per_instance", a.SessionsPerInstance,
		fcspec.SessionsPerInstanceMin, min(fcspec.SessionsPerInstanceMax, fcspec.AffinityInstanceConcurrency),
		"sessions, at most the instance concurrency FC forces with affinity")
	ttlOK := c.inRange(p+"session_ttl", "Invalid session_ttl", a.SessionTTL, fcspec.SessionTTLMin, fcspec.SessionTTLMax,
		"seconds (6 hours) from the session's first request")
	idleOK := c.inRange(p+"session_idle_timeout", "Invalid session_idle_timeout", a.SessionIdleTimeout, fcspec.SessionIdleMin, fcspec.SessionIdleMax,
		"seconds without a request")
	if ttlOK && idleOK && a.SessionIdleTimeout > a.SessionTTL {
		c.errorf(p+"session_idle_timeout", "Invalid session_idle_timeout",
			"session_affinity.session_idle_timeout is %d s, longer than session_ttl (%d s): a session ends at its TTL whether idle or not, and Function Compute bounds the idle timeout by it. Lower session_idle_timeout to %d or less, or raise session_ttl.",
			a.SessionIdleTimeout, a.SessionTTL, a.SessionTTL)
	}
}

// inRange reports key's value v outside [lo, hi]; what follows the range
// in the message ("seconds ...").
func (c fnCheck) inRange(key, summary string, v, lo, hi int, what string) bool {
	if v >= lo && v <= hi {
		return true
	}
	c.fail(key, summary, fmt.Errorf("is %d; it must be %d to %d %s", v, lo, hi, what))
	return false
}
