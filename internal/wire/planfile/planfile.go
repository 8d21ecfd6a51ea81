package planfile

import (
	"encoding/json"
	"time"
)

// FormatVersion is the version of the file this wsdeploy writes and the
// only one it reads. Adding an optional field keeps it; renaming,
// removing or changing the meaning of one bumps it.
const FormatVersion = 1

// File is a saved plan: what was observed, the changes (secrets already
// masked) and the stack's hash. Neither the desired state nor code zips
// are in it: apply recomputes them and refuses when they differ.
type File struct {
	FormatVersion int      `json:"format_version"`
	Stack         string   `json:"stack"`
	Provider      Provider `json:"provider"`
	Destroy       bool     `json:"destroy,omitempty"`
	Targets       []string `json:"targets,omitempty"`
	Changes       []Change `json:"changes"`
	// Observed fingerprints what planning read: each function by FC name
	// ("absent" for a declared one that did not exist), each custom
	// domain by address.
	Observed  map[string]string `json:"observed"`
	StackHash string            `json:"stack_hash"`
	Created   time.Time         `json:"created"`
}

// Provider names the target the plan was made against.
type Provider struct {
	Name      string `json:"name"`
	Region    string `json:"region,omitempty"`
	AccountID string `json:"account_id,omitempty"`
	Endpoint  string `json:"endpoint,omitempty"`
}

// Kind is the type of resource a change is about, as the file names it.
type Kind string

const (
	KindFunction     Kind = "function"
	KindHTTPTrigger  Kind = "http_trigger"
	KindTrigger      Kind = "trigger" // a trigger of another type, deleted with its function
	KindCustomDomain Kind = "custom_domain"
)

// Kinds are every kind of this format version.
var Kinds = []Kind{KindFunction, KindHTTPTrigger, KindTrigger, KindCustomDomain}

// Action is what a change does, as the file names it.
type Action string

const (
	ActionNoOp    Action = "no-op"
	ActionCreate  Action = "create"
	ActionUpdate  Action = "update"
	ActionReplace Action = "replace"
	ActionDelete  Action = "delete"
)

// Actions are every action of this format version.
var Actions = []Action{ActionNoOp, ActionCreate, ActionUpdate, ActionReplace, ActionDelete}

// Change is what happens to one function, trigger or custom domain. The
// -json stream's planned_change event carries it too.
type Change struct {
	Address  string `json:"address"`
	Kind     Kind   `json:"kind"`
	Label    string `json:"label"`
	Function string `json:"function,omitempty"`
	Trigger  string `json:"trigger,omitempty"`
	Domain   string `json:"domain,omitempty"`
	Action   Action `json:"action"`
	Reason   string `json:"reason,omitempty"`
	// Attributes are the differences; Before and After are JSON values,
	// absent when sensitive.
	Attributes []Attribute `json:"attributes,omitempty"`
	Code       *Code       `json:"code,omitempty"`
	URL        string      `json:"url,omitempty"`
	// RoutesTo and RoutedTo are the FC functions a custom domain routes to
	// after the change and before it.
	RoutesTo []string `json:"routes_to,omitempty"`
	RoutedTo []string `json:"routed_to,omitempty"`
}

// Attribute is one attribute's difference.
type Attribute struct {
	Path              string          `json:"path"`
	Action            Action          `json:"action"`
	Before            json.RawMessage `json:"before,omitempty"`
	After             json.RawMessage `json:"after,omitempty"`
	Sensitive         bool            `json:"sensitive,omitempty"`
	ForcesReplacement bool            `json:"forces_replacement,omitempty"`
}

// Code compares a function's code package with the remote one.
type Code struct {
	Before string `json:"before,omitempty"`
	After  string `json:"after"`
	Files  int    `json:"files"`
	Size   int64  `json:"size"`
}
