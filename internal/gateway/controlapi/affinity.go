package controlapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Session affinity on a function: sessionAffinity (the type) and
// sessionAffinityConfig, a JSON string of the type's config struct
// (HeaderFieldSessionAffinityConfig or CookieSessionAffinityConfig).
// Both are strings on the Function, so overlay's rules merge them: left
// out, they keep their value; given, they replace it. They are stored and
// returned exactly as sent. Sources: docs/gateway.md, "Session affinity".

// Affinity is a function's session affinity as the data plane needs it,
// with FC's defaults filled in.
type Affinity struct {
	Type                string // fcspec.AffinityHeaderField or AffinityCookie
	Header              string // affinityHeaderFieldName (HEADER_FIELD)
	SessionsPerInstance int
	TTLSeconds          int
	IdleSeconds         int
	DisableReuse        bool
}

// affinityOn reports whether f has a session affinity that routes
// (anything but none).
func affinityOn(f *fc.Function) bool {
	switch dara.StringValue(f.SessionAffinity) {
	case "", fcspec.AffinityNone:
		return false
	}
	return true
}

// forceAffinityConcurrency sets FC's instance concurrency of a function
// with session affinity: 200, whatever was sent ("automatically set to
// the maximum, 200, and cannot be changed", FC's configuration practices
// page). A built-in runtime keeps its concurrency of 1.
func forceAffinityConcurrency(f *fc.Function) {
	if affinityOn(f) && !fcspec.IsBuiltinRuntime(dara.StringValue(f.Runtime)) {
		f.InstanceConcurrency = dara.Int32(fcspec.AffinityInstanceConcurrency)
	}
}

// validateAffinity checks sessionAffinity and its config.
func validateAffinity(f *fc.Function) error {
	if !affinityOn(f) {
		return nil
	}
	a, err := FunctionAffinity(f)
	if err != nil {
		return err
	}
	if fcspec.IsBuiltinRuntime(dara.StringValue(f.Runtime)) && a.SessionsPerInstance != 1 {
		return invalidArg("sessionAffinityConfig.sessionConcurrencyPerInstance",
			"is %d; a built-in runtime serves one request per instance, so one session per instance: set 1, or use a custom runtime", a.SessionsPerInstance)
	}
	return nil
}

// FunctionAffinity reads a stored or incoming function's session affinity;
// nil when it has none. Its errors are FC's 400 InvalidArgument.
func FunctionAffinity(f *fc.Function) (*Affinity, error) {
	typ := dara.StringValue(f.SessionAffinity)
	raw := dara.StringValue(f.SessionAffinityConfig)
	var (
		a      = &Affinity{Type: typ}
		common *fc.CookieSessionAffinityConfig
	)
	switch typ {
	case "", fcspec.AffinityNone:
		return nil, nil
	case fcspec.AffinityHeaderField:
		var c fc.HeaderFieldSessionAffinityConfig
		if err := strictJSON(raw, &c); err != nil {
			return nil, err
		}
		a.Header = dara.StringValue(c.AffinityHeaderFieldName)
		if a.Header == "" {
			return nil, invalidArg("sessionAffinityConfig.affinityHeaderFieldName",
				"is required with HEADER_FIELD affinity: the request header that carries the session id, such as \"x-session-id\"")
		}
		if err := fcspec.CheckAffinityHeader(a.Header); err != nil {
			return nil, invalidArg("sessionAffinityConfig.affinityHeaderFieldName", "%v", err)
		}
		common = &fc.CookieSessionAffinityConfig{DisableSessionIdReuse: c.DisableSessionIdReuse,
			SessionConcurrencyPerInstance: c.SessionConcurrencyPerInstance,
			SessionIdleTimeoutInSeconds:   c.SessionIdleTimeoutInSeconds, SessionTTLInSeconds: c.SessionTTLInSeconds}
	case fcspec.AffinityCookie:
		common = &fc.CookieSessionAffinityConfig{}
		if err := strictJSON(raw, common); err != nil {
			return nil, err
		}
	case fcspec.AffinityMCPSSE, fcspec.AffinityMCPStreamable:
		return nil, invalidArg("sessionAffinity", "is %s, which the local gateway does not emulate (MCP sessions); use %s or %s locally, or deploy to Function Compute",
			typ, fcspec.AffinityHeaderField, fcspec.AffinityCookie)
	default:
		return nil, invalidArg("sessionAffinity", "is %q; it must be one of %s, %s, %s, %s or %s",
			typ, fcspec.AffinityNone, fcspec.AffinityHeaderField, fcspec.AffinityCookie, fcspec.AffinityMCPSSE, fcspec.AffinityMCPStreamable)
	}
	a.SessionsPerInstance = int64Or(common.SessionConcurrencyPerInstance, fcspec.DefaultSessionsPerInstance)
	a.TTLSeconds = int64Or(common.SessionTTLInSeconds, fcspec.DefaultSessionTTL)
	a.IdleSeconds = int64Or(common.SessionIdleTimeoutInSeconds, fcspec.DefaultSessionIdle)
	a.DisableReuse = dara.BoolValue(common.DisableSessionIdReuse)
	for _, r := range []struct {
		field    string
		v, lo, h int
		unit     string
	}{
		{"sessionConcurrencyPerInstance", a.SessionsPerInstance, fcspec.SessionsPerInstanceMin, fcspec.SessionsPerInstanceMax, "sessions"},
		{"sessionTTLInSeconds", a.TTLSeconds, fcspec.SessionTTLMin, fcspec.SessionTTLMax, "seconds"},
		{"sessionIdleTimeoutInSeconds", a.IdleSeconds, fcspec.SessionIdleMin, fcspec.SessionIdleMax, "seconds"},
	} {
		if r.v < r.lo || r.v > r.h {
			return nil, invalidArg("sessionAffinityConfig."+r.field, "is %d; it must be from %d to %d %s", r.v, r.lo, r.h, r.unit)
		}
	}
	if a.IdleSeconds > a.TTLSeconds {
		return nil, invalidArg("sessionAffinityConfig.sessionIdleTimeoutInSeconds",
			"is %d, longer than sessionTTLInSeconds (%d): a session's idle time is bounded by its lifetime; lower it, or raise the TTL", a.IdleSeconds, a.TTLSeconds)
	}
	return a, nil
}

func int64Or(p *int64, def int) int {
	if p == nil {
		return def
	}
	return int(*p)
}

// strictJSON decodes sessionAffinityConfig into the type's struct,
// refusing unknown fields (such as affinityHeaderFieldName with
// GENERATED_COOKIE) and anything after the object. "" is {}.
func strictJSON(raw string, v any) error {
	if raw == "" {
		raw = "{}"
	}
	d := json.NewDecoder(bytes.NewReader([]byte(raw)))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return invalidArg("sessionAffinityConfig."+typeErr.Field, "must be a JSON %s, not %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
		}
		return invalidArg("sessionAffinityConfig", "is not the JSON of the affinity's config object: %v", err)
	}
	if _, err := d.Token(); err != io.EOF {
		return invalidArg("sessionAffinityConfig", "has more after its JSON object; send one object")
	}
	return nil
}
