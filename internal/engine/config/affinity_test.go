package config

import (
	"reflect"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Each session_affinity rule FC enforces is reported once, at the value
// (or the block when the value is missing), with what to do next.
var affinityRules = []ruleCase{
	{name: "unknown type", summary: "Invalid session_affinity type", detail: `Did you mean "cookie"?`,
		src: fn(`  session_affinity {
    type = ⟪"cookies"
  }`)},
	{name: "FC's spelling of the type", summary: "Invalid session_affinity type", detail: `write "header_field"`,
		src: fn(`  session_affinity {
    type = ⟪"HEADER_FIELD"
    header = "x-session-id"
  }`)},
	{name: "header_field without header", summary: "Missing session header", detail: `header = "x-session-id"`,
		src: fn(`  session_affinity {
    type = ⟪"header_field"
  }`)},
	{name: "header too short", summary: "Invalid session header", detail: "5 to 40",
		src: fn(`  session_affinity {
    type   = "header_field"
    header = ⟪"sid"
  }`)},
	{name: "header of FC", summary: "Invalid session header", detail: "reserves headers starting with x-fc-",
		src: fn(`  session_affinity {
    type   = "header_field"
    header = ⟪"x-fc-session"
  }`)},
	{name: "header with cookie", summary: "Header with cookie affinity", detail: "Remove header",
		src: fn(`  session_affinity {
    type   = "cookie"
    header = ⟪"x-session-id"
  }`)},
	{name: "type null, rest set", summary: "Missing session_affinity type", detail: `type = "header_field" or "cookie"`,
		src: fn(`  ⟪session_affinity {
    type        = null
    session_ttl = 600
  }`)},
	{name: "concurrency other than 200", summary: "Instance concurrency with session affinity", detail: "forces instance concurrency to 200",
		src: fn(`  instance_concurrency = ⟪50
  session_affinity {
    type = "cookie"
  }`)},
	{name: "sessions per instance zero", summary: "Invalid sessions_per_instance", detail: "must be 1 to 200",
		src: fn(`  session_affinity {
    type                  = "cookie"
    sessions_per_instance = ⟪0
  }`)},
	{name: "sessions per instance above the concurrency", summary: "Invalid sessions_per_instance", detail: "at most the instance concurrency",
		src: fn(`  session_affinity {
    type                  = "cookie"
    sessions_per_instance = ⟪201
  }`)},
	{name: "ttl zero", summary: "Invalid session_ttl", detail: "must be 1 to 21600",
		src: fn(`  session_affinity {
    type        = "cookie"
    session_ttl = ⟪0
  }`)},
	{name: "ttl above 6 hours", summary: "Invalid session_ttl", detail: "is 21601",
		src: fn(`  session_affinity {
    type        = "cookie"
    session_ttl = ⟪21601
  }`)},
	{name: "idle negative", summary: "Invalid session_idle_timeout", detail: "must be 0 to 21600",
		src: fn(`  session_affinity {
    type                 = "cookie"
    session_idle_timeout = ⟪-1
  }`)},
	{name: "idle above ttl", summary: "Invalid session_idle_timeout", detail: "Lower session_idle_timeout to 600 or less",
		src: fn(`  session_affinity {
    type                 = "cookie"
    session_ttl          = 600
    session_idle_timeout = ⟪601
  }`)},
	{name: "two blocks", summary: "Duplicate session_affinity block", detail: "at most one",
		src: fn(`  session_affinity {
    type = "cookie"
  }
  ⟪session_affinity {
    type = "cookie"
  }`)},
	{name: "not a number", summary: "Incorrect attribute value type", detail: `"session_ttl"`,
		src: fn(`  session_affinity {
    type        = "cookie"
    session_ttl = ⟪"1h"
  }`)},
}

func TestSessionAffinityValidation(t *testing.T) {
	for _, tc := range affinityRules {
		t.Run(tc.name, func(t *testing.T) { checkOnly(t, tc, hcl.DiagError) })
	}
}

// A session_affinity block decodes into FC's names with FC's defaults, and
// forces the instance concurrency to 200 unless the stack writes it (200
// written is accepted). An idle timeout left out is FC's default, or the
// TTL when that is shorter.
func TestSessionAffinityDecode(t *testing.T) {
	for _, tc := range []struct {
		name, body  string
		want        providers.SessionAffinity
		concurrency int
	}{
		{name: "cookie with defaults", body: `  session_affinity {
    type = "cookie"
  }`, want: providers.SessionAffinity{Type: fcspec.AffinityCookie, SessionsPerInstance: 20, SessionTTL: 21600, SessionIdleTimeout: 1800},
			concurrency: 200},
		{name: "header field, all set, 200 written", body: `  instance_concurrency = 200
  session_affinity {
    type                     = "header_field"
    header                   = "x-session-id"
    sessions_per_instance    = 50
    session_ttl              = 3600
    session_idle_timeout     = 0
    disable_session_id_reuse = true
  }`, want: providers.SessionAffinity{Type: fcspec.AffinityHeaderField, Header: "x-session-id", SessionsPerInstance: 50,
			SessionTTL: 3600, SessionIdleTimeout: 0, DisableSessionIDReuse: true}, concurrency: 200},
		{name: "short ttl bounds the default idle timeout", body: `  session_affinity {
    type        = "cookie"
    session_ttl = 600
  }`, want: providers.SessionAffinity{Type: fcspec.AffinityCookie, SessionsPerInstance: 20, SessionTTL: 600, SessionIdleTimeout: 600},
			concurrency: 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, diags, _ := loadMain(t, fn(tc.body), Options{})
			if len(diags) > 0 {
				t.Fatalf("diagnostics:\n%s", listDiags(diags))
			}
			f := st.Functions[0]
			if f.SessionAffinity == nil || !reflect.DeepEqual(*f.SessionAffinity, tc.want) {
				t.Errorf("session affinity %+v, want %+v", f.SessionAffinity, tc.want)
			}
			if f.InstanceConcurrency != tc.concurrency {
				t.Errorf("instance concurrency %d, want %d", f.InstanceConcurrency, tc.concurrency)
			}
		})
	}
}

// Without the block, or with every attribute null (a variable left unset),
// a function has no affinity and keeps its own concurrency.
func TestSessionAffinityNullIsNoBlock(t *testing.T) {
	src := `variable "affinity" {
  type    = string
  default = null
}
` + fn(`  instance_concurrency = 10
  session_affinity {
    type        = var.affinity
    session_ttl = null
  }`)
	st, diags, _ := loadMain(t, src, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", listDiags(diags))
	}
	if f := st.Functions[0]; f.SessionAffinity != nil || f.InstanceConcurrency != 10 {
		t.Errorf("all-null block: affinity %+v, concurrency %d; want none and 10", f.SessionAffinity, f.InstanceConcurrency)
	}
	st, diags, _ = loadMain(t, fn(""), Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", listDiags(diags))
	}
	if f := st.Functions[0]; f.SessionAffinity != nil || f.InstanceConcurrency != fcspec.DefaultInstanceConcurrency {
		t.Errorf("no block: affinity %+v, concurrency %d", f.SessionAffinity, f.InstanceConcurrency)
	}
}
