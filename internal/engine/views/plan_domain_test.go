package views

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// domainPlan creates, updates and deletes custom domains, as plan.Make
// reports them.
func domainPlan(t *testing.T) *plan.Plan {
	t.Helper()
	var p plan.Plan
	src := `{
  "format_version": 1, "stack": "demo", "provider": {"name": "local"},
  "changes": [
    {"address": "custom_domain.chat.example.com", "kind": "custom_domain", "label": "chat.example.com",
     "domain": "chat.example.com", "action": "create", "routes_to": ["chat"],
     "attributes": [
       {"path": "protocol", "action": "create", "after": "HTTP,HTTPS"},
       {"path": "tls_min_version", "action": "create", "after": "TLSv1.2"},
       {"path": "certificate", "action": "create", "after": "CN=chat.example.com, expires 2027-01-01, sha256:0123456789abcdef"},
       {"path": "private_key", "action": "create", "sensitive": true},
       {"path": "route.0.function", "action": "create", "after": "chat"},
       {"path": "route.0.methods", "action": "create", "after": ["GET"]},
       {"path": "route.0.path", "action": "create", "after": "/ws"}]},
    {"address": "custom_domain.api.example.com", "kind": "custom_domain", "label": "api.example.com",
     "domain": "api.example.com", "action": "update", "routes_to": ["api"], "routed_to": ["api"],
     "attributes": [{"path": "route.0.path", "action": "update", "before": "/v1/*", "after": "/v2/*"}]},
    {"address": "custom_domain.old.example.com", "kind": "custom_domain", "label": "old.example.com",
     "domain": "old.example.com", "action": "delete", "routed_to": ["old"], "reason": "owned by this stack but no longer declared"}
  ]}`
	if err := json.Unmarshal([]byte(src), &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

func TestPlanHumanDomains(t *testing.T) {
	var o testOutput
	NewPlan(&Human{Streams: o.streams(0)}).Plan(domainPlan(t))
	want := `
  # custom_domain.chat.example.com will be created
  + custom_domain "chat.example.com" {
      + protocol         = "HTTP,HTTPS"
      + tls_min_version  = "TLSv1.2"
      + certificate      = "CN=chat.example.com, expires 2027-01-01, sha256:0123456789abcdef"
      + private_key      = (sensitive value)
      + route.0.function = "chat"
      + route.0.methods  = ["GET"]
      + route.0.path     = "/ws"
    }

  # custom_domain.api.example.com will be updated in place
  ~ custom_domain "api.example.com" {
      ~ route.0.path = "/v1/*" → "/v2/*"
    }

  # custom_domain.old.example.com will be destroyed
  # (owned by this stack but no longer declared)
  - custom_domain "old.example.com"

Plan: 1 to add, 1 to change, 1 to destroy.
`
	if got := o.stdout.String(); !strings.HasSuffix(got, want) {
		t.Errorf("got:\n%s\nwant it to end with:\n%s", got, want)
	}
}

// The -json stream carries the kind and the domain, in planned changes
// and in apply's hooks, and never a function name a domain lacks.
func TestDomainJSON(t *testing.T) {
	var o testOutput
	base := newTestJSON(&o)
	pl := domainPlan(t)
	NewPlan(base).Plan(pl)
	NewApply(base).Progress(apply.Event{Type: apply.Complete, Change: pl.Changes[0], Action: plan.Create})
	evs := events(t, o.stdout.String())
	ch := evs[1]["change"].(map[string]any)
	if _, has := ch["function"]; has || ch["kind"] != "custom_domain" || ch["domain"] != "chat.example.com" || evs[1]["@message"] != "custom_domain.chat.example.com: Plan to create" {
		t.Errorf("planned_change %v", evs[1])
	}
	key := ch["attributes"].([]any)[3].(map[string]any)
	if key["path"] != "private_key" || key["sensitive"] != true || key["after"] != nil {
		t.Errorf("private_key %v", key)
	}
	res := evs[len(evs)-1]["hook"].(map[string]any)["resource"].(map[string]any)
	if _, has := res["function"]; has || res["kind"] != "custom_domain" || res["domain"] != "chat.example.com" {
		t.Errorf("apply hook resource %v", res)
	}
}
