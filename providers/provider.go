package providers

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// ErrNotFound is returned (wrapped) when a function or trigger does not exist.
var ErrNotFound = errors.New("not found")

// StackTag is the tag that records which stack owns a function.
const StackTag = "wsdeploy-stack"

// Provider is a deployment target with Function Compute's resource model.
// It is stateless: the remote side is the truth, and ownership is recorded
// there as the StackTag of each function, so a stack finds (and only
// touches) its own functions.
//
// Implementations must be safe for concurrent use: the engine calls them in
// parallel. Errors say what failed and, for remote errors, carry the
// remote code, message and request id; ErrNotFound is distinct.
type Provider interface {
	// Info describes the target, for plans and logs.
	Info() Info

	// ListFunctions returns every function whose StackTag is stack, with
	// its reserved concurrency and triggers filled in.
	ListFunctions(ctx context.Context, stack string) ([]*Function, error)
	// GetFunction returns one function with its reserved concurrency and
	// triggers, or ErrNotFound.
	GetFunction(ctx context.Context, name string) (*Function, error)
	// CreateFunction creates f with code (required for code-package
	// runtimes) and its reserved concurrency; f.Triggers are ignored.
	CreateFunction(ctx context.Context, f *Function, code *Code) (*Function, error)
	// UpdateFunction makes the function named f.Name match f, uploading
	// code when it is not nil, and sets its tags and reserved concurrency.
	UpdateFunction(ctx context.Context, f *Function, code *Code) (*Function, error)
	// DeleteFunction deletes a function that has no triggers left.
	DeleteFunction(ctx context.Context, name string) error

	CreateTrigger(ctx context.Context, function string, t *HTTPTrigger) (*HTTPTrigger, error)
	UpdateTrigger(ctx context.Context, function string, t *HTTPTrigger) (*HTTPTrigger, error)
	DeleteTrigger(ctx context.Context, function, trigger string) error

	// SignRequest signs an HTTP request to a trigger whose authType is
	// "function" (the smoke test's WebSocket handshake).
	SignRequest(r *http.Request) error
}

// Info describes a provider instance.
type Info struct {
	Name      string // "aliyun", "local", or a plugin's name
	Region    string
	AccountID string
	Endpoint  string
	// PropagationDelay is how long a new or changed trigger takes to
	// serve (FC's trigger cache: about 10 s; the local gateway's setting).
	PropagationDelay time.Duration
	// InstanceLimit is the account's instance quota in the region when the
	// provider knows it (the local gateway's --max-instances), else 0: the
	// smoke test checks that many functions at once at most (half of it).
	InstanceLimit int
	// Domains says where custom domains answer when DNS does not know
	// them (the local gateway's listener); nil for FC, where a domain's
	// CNAME leads to it.
	Domains *DomainEndpoint
}

// DomainEndpoint is where a client reaches the custom domains of a target
// that is not in DNS: it connects to these addresses and sends the domain
// as Host (and as TLS server name).
type DomainEndpoint struct {
	HTTP  string // host:port of the plain HTTP listener
	HTTPS string // host:port of the TLS listener
	// CACertificate is the PEM of the CA that issued the certificates of
	// domains that gave none (the gateway's local CA), for verification.
	CACertificate []byte
}

// Function is an FC function as wsdeploy manages it. On reads, every field
// holds what the provider has, with FC's defaults filled in.
type Function struct {
	Name                string
	Description         string
	Runtime             string
	Command             []string // customRuntimeConfig.command
	Args                []string
	Port                int
	MemorySize          int // MB
	CPU                 float64
	DiskSize            int // MB
	Timeout             int // seconds
	InstanceConcurrency int
	Environment         map[string]string
	Tags                map[string]string // includes StackTag
	HealthCheck         *HealthCheck
	Container           *Container
	// MaxInstances is the reserved concurrency; nil when none is set.
	MaxInstances *int
	Role         string // RAM role ARN; "" for none
	VPC          *VPC
	Log          *Log
	// InternetAccess is FC's internetAccess; Normalize fills nil with
	// FC's default (true).
	InternetAccess *bool
	Layers         []string // layer version ARNs, in FC's order
	Lifecycle      *Lifecycle
	// Provisioned is the provisioned instance target on LATEST
	// (PutProvisionConfig); nil when none is set.
	Provisioned *int
	// SessionAffinity is FC's sessionAffinity with its
	// sessionAffinityConfig; nil when the function has none.
	SessionAffinity *SessionAffinity

	// Observed only.
	CodeChecksum string // CRC-64 of the code zip, unsigned decimal
	CodeSize     int64
	ARN          string
	LastModified string
	Triggers     []*HTTPTrigger // HTTP triggers, sorted by name
	// OtherTriggers names triggers of other types, which wsdeploy leaves
	// alone but which keep the function from being deleted.
	OtherTriggers []string
}

// HealthCheck is FC's healthCheckConfig.
type HealthCheck struct {
	HTTPGetURL          string
	InitialDelaySeconds int
	PeriodSeconds       int
	TimeoutSeconds      int
	FailureThreshold    int
	SuccessThreshold    int
}

// Container is FC's customContainerConfig.
type Container struct {
	Image      string
	Entrypoint []string
	Command    []string
}

// VPC is FC's vpcConfig.
type VPC struct {
	VPCID           string
	VSwitchIDs      []string
	SecurityGroupID string
}

// Log is FC's logConfig: where FC writes the function's logs in SLS.
type Log struct {
	Project         string
	Logstore        string
	RequestMetrics  bool // enableRequestMetrics
	InstanceMetrics bool // enableInstanceMetrics
}

// Lifecycle is FC's instanceLifecycleConfig for a custom runtime: the
// timeout of each hook in seconds, 0 when the hook is not configured.
type Lifecycle struct {
	InitializerTimeout int
	PreStopTimeout     int
}

// SessionAffinity routes the connections of one session to one instance
// (FC's sessionAffinity and sessionAffinityConfig).
type SessionAffinity struct {
	Type                  string // fcspec.AffinityHeaderField or fcspec.AffinityCookie
	Header                string // affinityHeaderFieldName (HEADER_FIELD only)
	SessionsPerInstance   int    // sessionConcurrencyPerInstance
	SessionTTL            int    // sessionTTLInSeconds
	SessionIdleTimeout    int    // sessionIdleTimeoutInSeconds
	DisableSessionIDReuse bool   // disableSessionIdReuse
}

// HTTPTrigger is an HTTP trigger: what a WebSocket client connects to.
type HTTPTrigger struct {
	Name               string
	Description        string
	Methods            []string // upper case, sorted
	AuthType           string
	DisableURLInternet bool

	// Observed only.
	URLInternet  string
	URLIntranet  string
	LastModified string
}
