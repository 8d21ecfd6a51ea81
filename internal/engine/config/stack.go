package config

import (
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/zclconf/go-cty/cty"
)

// Stack is a validated stack directory: everything its *.hcl files declare,
// with variables and references resolved. Attribute source ranges are kept so
// that later stages (plan, apply, smoke) can point at the line that caused a
// problem.
type Stack struct {
	// Name scopes ownership on the provider side (the wsdeploy-stack tag).
	Name      string
	NameRange hcl.Range
	// Dir is the stack directory as given to Load.
	Dir string
	// Files holds the source of every file read, keyed by the filename used
	// in diagnostics, so views can print snippets.
	Files map[string][]byte

	Providers []*Provider
	Variables []*Variable
	Locals    map[string]cty.Value
	Functions []*Function // sorted by block label
	// Domains are the custom_domain blocks, sorted by host name.
	Domains []*CustomDomain
	Outputs []*Output

	// evalCtx is kept to evaluate outputs once apply knows trigger URLs.
	evalCtx *hcl.EvalContext
}

// Provider is one provider block. Built-in providers' settings are decoded
// against their schema; a plugin provider keeps its body until the plugin
// reports its schema.
type Provider struct {
	Name      string
	Settings  map[string]cty.Value // decoded settings, marks removed
	Sensitive map[string]bool      // settings whose value is sensitive
	Body      hcl.Body             // the raw body (for plugin providers)
	DeclRange hcl.Range
}

// Variable is a declared input variable with its final value.
type Variable struct {
	Name        string
	Type        cty.Type
	Description string
	Sensitive   bool
	Value       cty.Value // unmarked
	DeclRange   hcl.Range
}

// Function is one function block: FC's function model for WebSocket services.
type Function struct {
	Label string // block label, used in addresses (function.<label>)
	Name  string // FC function name; the label unless `name` is set

	Runtime             string
	Code                string   // absolute path of the code directory ("" for containers)
	Command             []string // custom runtime command
	Args                []string
	Port                int
	MemorySize          int     // MB
	CPU                 float64 // vCPU
	DiskSize            int     // MB
	Timeout             int     // seconds
	InstanceConcurrency int
	MaxInstances        *int // reserved concurrency; nil when not set
	Environment         map[string]string
	SensitiveEnv        map[string]bool // environment keys whose value is sensitive
	Description         string
	Tags                map[string]string
	HealthCheck         *HealthCheck
	Container           *Container
	Build               *Build
	Role                string   // RAM role ARN
	VPC                 *VPC     // nil without a vpc block
	Log                 *Log     // nil without a log block
	InternetAccess      *bool    // nil when not set (FC's default, true)
	Layers              []string // layer ARNs, in order
	Lifecycle           *Lifecycle
	Provisioned         *int             // provisioned { target }; nil without the block
	SessionAffinity     *SessionAffinity // nil without a session_affinity block

	Triggers []*HTTPTrigger // sorted by name
	Smoke    *Smoke         // nil when no smoke block is written

	DeclRange hcl.Range
	// Ranges maps attribute names (and nested ones such as "health_check.timeout_seconds")
	// to the range of their value expression.
	Ranges map[string]hcl.Range

	// unresolved is set when an attribute derives from a value in error.
	unresolved bool
}

// HealthCheck is FC's healthCheckConfig, as providers describe it.
type HealthCheck = providers.HealthCheck

// Container is FC's customContainerConfig (runtime custom-container).
type Container = providers.Container

// VPC, Log and Lifecycle are FC's vpcConfig, logConfig and
// instanceLifecycleConfig, as providers describe them.
type (
	VPC       = providers.VPC
	Log       = providers.Log
	Lifecycle = providers.Lifecycle
	// SessionAffinity is FC's sessionAffinity with its config.
	SessionAffinity = providers.SessionAffinity
)

// Build is a command wsdeploy runs in the stack directory before packaging the
// code directory (e.g. compiling a Go binary into it).
type Build struct {
	Command     []string
	Environment map[string]string
}

// HTTPTrigger is an FC HTTP trigger that carries the WebSocket handshake.
type HTTPTrigger struct {
	Name               string
	Methods            []string // upper case, sorted, unique
	AuthType           string   // anonymous | function | jwt
	DisableURLInternet bool
	Description        string
	DeclRange          hcl.Range
}

// Smoke configures the post-deploy WebSocket check of a function.
type Smoke struct {
	Enabled bool
	Send    string
	// Expect is the reply to wait for; when ExpectRegexp is set the reply must
	// match it instead (written as "/.../" in HCL).
	Expect       string
	ExpectRegexp string
	Timeout      time.Duration
	DeclRange    hcl.Range
}

// CustomDomain is a custom_domain block: a host name that routes paths to
// functions of the stack (FC's custom domain).
type CustomDomain struct {
	Name string // the block label: the host name, lower case
	// Protocol is fcspec.ProtocolHTTP, ProtocolHTTPS or ProtocolHTTPHTTPS;
	// left out, HTTPS when a certificate is given, else HTTP.
	Protocol string
	// CertFile and KeyFile are the absolute paths of the PEM certificate
	// and private key ("" when the stack gives none: the local gateway
	// then issues one from its CA; FC refuses HTTPS without one).
	CertFile, KeyFile string
	// Certificate and PrivateKey are the files' contents, read at load;
	// PrivateKey is a secret, never printed (see Secrets).
	Certificate, PrivateKey string
	TLSMinVersion           string // "" when not set
	Routes                  []*Route
	DeclRange               hcl.Range
	// Ranges maps attribute names ("protocol", "route.0.path") to the
	// range of their value expression.
	Ranges map[string]hcl.Range
}

// Route is a route block of a custom domain.
type Route struct {
	Path      string
	Function  *Function // the function.<label> it references
	Methods   []string  // upper case, sorted, unique; ["GET"] when not written
	DeclRange hcl.Range
}

// Output is an output block. Its value often depends on what only apply
// knows (a trigger's URL), so the expression is kept and evaluated later.
type Output struct {
	Name        string
	Description string
	Sensitive   bool
	Expr        hcl.Expression
	DeclRange   hcl.Range
}
