package plan

import (
	"encoding/json"
	"time"

	"github.com/wsdeploy/wsdeploy/providers"
)

// Action is what a change does to one resource.
type Action string

const (
	NoOp    Action = "no-op"
	Create  Action = "create"
	Update  Action = "update"
	Replace Action = "replace" // delete, then create: what cannot change in place
	Delete  Action = "delete"
)

// Kind is the type of resource a change is about.
type Kind string

const (
	KindFunction    Kind = "function"
	KindHTTPTrigger Kind = "http_trigger"
	// KindTrigger is a trigger of another type (timer, OSS...), which
	// wsdeploy leaves alone except to delete it with its function.
	KindTrigger Kind = "trigger"
	// KindCustomDomain is a custom domain: a host name routing paths to
	// functions of the stack.
	KindCustomDomain Kind = "custom_domain"
)

// Plan is the set of changes that would make the provider match the stack.
// It is the engine's model, free to change: the saved-plan file and the
// -json stream are the wire's own types (package planfile, file.go), and
// these JSON tags serve only tests and debugging.
type Plan struct {
	Stack    string   `json:"stack"`
	Provider Provider `json:"provider"`
	Destroy  bool     `json:"destroy,omitempty"`
	Targets  []string `json:"targets,omitempty"`
	// Changes are ordered by function label, each function before its
	// triggers, then the custom domains by host name; no-op changes are
	// included (they carry trigger URLs).
	Changes []*Change `json:"changes"`
	// Observed fingerprints each function read during planning, by FC
	// name ("absent" for a declared function that did not exist), and
	// each custom domain the stack declares or owns, by its address.
	Observed  map[string]string `json:"observed"`
	StackHash string            `json:"stack_hash"`
	Created   time.Time         `json:"created"`

	secrets secrets // to scrub apply's errors; never serialized
	ready   bool    // desired state attached: made now, or resumed
}

// Provider names the target a plan was made against; a saved plan applies
// only to the same one.
type Provider struct {
	Name      string `json:"name"`
	Region    string `json:"region,omitempty"`
	AccountID string `json:"account_id,omitempty"`
	Endpoint  string `json:"endpoint,omitempty"`
}

func providerOf(i providers.Info) Provider {
	return Provider{Name: i.Name, Region: i.Region, AccountID: i.AccountID, Endpoint: i.Endpoint}
}

// Change is what happens to one function, trigger or custom domain.
type Change struct {
	// Address is function.<label>, function.<label>.http_trigger.<name>,
	// function.<label>.trigger.<name> or custom_domain.<host>. A function
	// the stack owns but no longer declares is addressed by its FC name.
	Address string `json:"address"`
	Kind    Kind   `json:"kind"`
	// Label is the function's block label, or a custom domain's host.
	Label    string `json:"label"`
	Function string `json:"function,omitempty"` // FC function name; "" for a custom domain
	Trigger  string `json:"trigger,omitempty"`
	Domain   string `json:"domain,omitempty"` // a custom domain's host name
	Action   Action `json:"action"`
	// Reason says why a resource is replaced or deleted.
	Reason string `json:"reason,omitempty"`
	// Attributes are the differences (all attributes for a create); a
	// deletion lists none.
	Attributes []Attribute `json:"attributes,omitempty"`
	// Code compares the code package of a code-package function.
	Code *Code `json:"code,omitempty"`
	// URL is a trigger's observed public URL (no-op and update).
	URL string `json:"url,omitempty"`
	// RoutesTo and RoutedTo are the FC functions a custom domain routes
	// to after the change and before it, sorted: apply writes a domain
	// after the functions it will route to, and deletes a function only
	// after the domain stopped routing to it.
	RoutesTo []string `json:"routes_to,omitempty"`
	RoutedTo []string `json:"routed_to,omitempty"`

	desired *providers.Function     // function: what to write
	upload  *providers.Code         // function: the zip, when it must be sent
	trigger *providers.HTTPTrigger  // http_trigger: what to write
	domain  *providers.CustomDomain // custom_domain: what to write
}

// Desired is the function to write for a create, update or replace of a
// function; nil otherwise, and for a plan loaded from a file (see Resume).
func (c *Change) Desired() *providers.Function { return c.desired }

// Upload is the code package to send with Desired: nil when the remote
// code already matches (or for a container).
func (c *Change) Upload() *providers.Code { return c.upload }

// DesiredDomain is the custom domain to write for a create or update of
// one, private key included; nil otherwise, and for a plan loaded from a
// file (see Resume).
func (c *Change) DesiredDomain() *providers.CustomDomain { return c.domain }

// DesiredTrigger is the trigger to write for a create, update or replace
// of an HTTP trigger.
func (c *Change) DesiredTrigger() *providers.HTTPTrigger { return c.trigger }

// Attribute is one attribute's difference. Values are JSON (a string, a
// number, a bool or a list of strings); a sensitive one has neither.
type Attribute struct {
	Path   string          `json:"path"`   // e.g. memory_size, environment.REDIS_URL
	Action Action          `json:"action"` // create (added), update or delete (removed)
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// Sensitive values are not recorded at all.
	Sensitive         bool `json:"sensitive,omitempty"`
	ForcesReplacement bool `json:"forces_replacement,omitempty"`
}

// Code compares a function's code package with the remote one.
type Code struct {
	Before string `json:"before,omitempty"` // remote codeChecksum; "" when none
	After  string `json:"after"`            // CRC-64 of the local zip
	Files  int    `json:"files"`
	Size   int64  `json:"size"` // unpacked bytes
}

// Changed reports whether the code must be uploaded.
func (c *Code) Changed() bool { return c.Before != c.After }

// Summary counts resources as Terraform does: a replacement is one to add
// and one to destroy.
type Summary struct {
	Add     int `json:"add"`
	Change  int `json:"change"`
	Destroy int `json:"remove"`
}

// Summary counts the plan's changes.
func (p *Plan) Summary() Summary {
	var s Summary
	for _, c := range p.Changes {
		switch c.Action {
		case Create:
			s.Add++
		case Update:
			s.Change++
		case Delete:
			s.Destroy++
		case Replace:
			s.Add++
			s.Destroy++
		}
	}
	return s
}

// HasChanges reports whether applying the plan would change anything.
func (p *Plan) HasChanges() bool { return p.Summary() != Summary{} }

// Ready reports whether the plan can be applied: true for a plan just
// made, false for one loaded from a file until Resume checked it.
func (p *Plan) Ready() bool { return p.ready }

// Scrub replaces every secret the stack holds in s, for error texts that
// may echo what was sent (a provider's message about a value).
func (p *Plan) Scrub(s string) string { return p.secrets.scrub(s) }
