package jsonstream

import "time"

// ValidateResult ends `wsdeploy validate`, after a diagnostic event each.
type ValidateResult struct {
	ErrorCount   int  `json:"error_count"`
	Valid        bool `json:"valid"`
	WarningCount int  `json:"warning_count"`
}

func (ValidateResult) Type() Type { return TypeValidateResult }

// FmtFile is what `wsdeploy fmt` did with one file.
type FmtFile struct {
	Changed   bool    `json:"changed"`
	Diff      string  `json:"diff,omitempty"`
	Filename  string  `json:"filename"`
	Formatted *string `json:"formatted,omitempty"` // standard input's formatted source
	Written   bool    `json:"written"`
}

func (FmtFile) Type() Type { return TypeFmtFile }

// ConvertedMessage is what `wsdeploy convert` made.
type ConvertedMessage struct {
	Converted Converted `json:"converted"`
}

func (ConvertedMessage) Type() Type { return TypeConverted }

// Converted is the stack's files, or the HCL itself when it went to
// standard output.
type Converted struct {
	Source    string          `json:"source"`
	Dir       string          `json:"dir,omitempty"`
	Files     []string        `json:"files,omitempty"`
	Functions []string        `json:"functions"`
	Skipped   []ConvertedNote `json:"not_translated"`
	HCL       string          `json:"hcl,omitempty"` // set when printed rather than written
}

// ConvertedNote is one s.yaml setting left out, and why.
type ConvertedNote struct {
	Line     int    `json:"line"`
	Resource string `json:"resource,omitempty"`
	What     string `json:"what"`
	Why      string `json:"why"`
}

// DevWatching: `wsdeploy dev` watches Dirs. A negative delay: no gateway
// was reached yet.
type DevWatching struct {
	Dirs                    []string `json:"dirs"`
	PropagationDelaySeconds float64  `json:"propagation_delay_seconds"`
}

func (DevWatching) Type() Type { return TypeDevWatching }

// DevChange: Paths changed and a round starts.
type DevChange struct {
	Paths []string `json:"paths"`
}

func (DevChange) Type() Type { return TypeDevChange }

// DevStopped: Ctrl-C ended the loop; the deployment stays.
type DevStopped struct{}

func (DevStopped) Type() Type { return TypeDevStopped }

// GatewayInfo describes a local gateway.
type GatewayInfo struct {
	StateDir       string    `json:"state_dir"`
	PID            int       `json:"pid"`
	ControlAddress string    `json:"control_address"`
	Version        string    `json:"version,omitempty"`
	StartedAt      time.Time `json:"started_at"`
	LogFile        string    `json:"log_file,omitempty"` // detached gateways write here
	// Isolation is how instances run: "sandbox" (FC's way) or "process".
	Isolation string `json:"isolation,omitempty"`
	// Custom domains: the plain and TLS listeners (host:port) and the
	// local CA's certificate, which clients trust to verify domains that
	// brought no certificate.
	DomainHTTP    string `json:"domain_http_address,omitempty"`
	DomainHTTPS   string `json:"domain_https_address,omitempty"`
	CACertificate string `json:"ca_certificate,omitempty"`
}

// GatewayFunction is one function's instances on a running gateway:
// Provisioned are kept ready for its provision config, OnDemand were
// started for requests.
type GatewayFunction struct {
	Function        string `json:"function"`
	Provisioned     int64  `json:"provisioned"`
	OnDemand        int64  `json:"on_demand"`
	ProvisionTarget int64  `json:"provision_target"`
}

// GatewayReady: the gateway serves, in the foreground or detached.
type GatewayReady struct {
	Detached bool        `json:"detached"`
	Gateway  GatewayInfo `json:"gateway"`
}

func (GatewayReady) Type() Type { return TypeGatewayReady }

// GatewayStatus: running or not; Functions when the gateway told them
// (absent when not running or unknown).
type GatewayStatus struct {
	Functions []GatewayFunction `json:"functions,omitzero"`
	Gateway   GatewayInfo       `json:"gateway"`
	Running   bool              `json:"running"`
}

func (GatewayStatus) Type() Type { return TypeGatewayStatus }

// GatewayStopped: a gateway was stopped, or none ran.
type GatewayStopped struct {
	Gateway    GatewayInfo `json:"gateway"`
	WasRunning bool        `json:"was_running"`
}

func (GatewayStopped) Type() Type { return TypeGatewayStopped }

// LogEntry is one line of a function's log.
type LogEntry struct {
	Time     time.Time `json:"time"`
	Instance string    `json:"instance"`
	Stream   string    `json:"stream"`
	Line     string    `json:"line"`
}

// BillingRow is one function's metered usage.
type BillingRow struct {
	Function          string  `json:"function"`
	BilledSeconds     float64 `json:"billed_seconds"`
	GBSeconds         float64 `json:"gb_seconds"`
	Connections       uint64  `json:"connections"`
	Requests          uint64  `json:"requests"`
	ActiveConnections int64   `json:"active_connections"`
}

// Billing is `wsdeploy billing`: every metered function, [] for none.
type Billing struct {
	Functions []BillingRow `json:"functions"`
}

func (Billing) Type() Type { return TypeBilling }

// PluginInfo describes one provider plugin.
type PluginInfo struct {
	Name            string   `json:"name"`
	Path            string   `json:"path"`
	ProtocolVersion string   `json:"protocol_version,omitempty"` // major.minor
	Version         string   `json:"version,omitempty"`          // the plugin's own
	SDKVersion      string   `json:"sdk_version,omitempty"`
	Shadowed        []string `json:"shadowed,omitempty"` // same name later in the search: never run
	Error           string   `json:"error,omitempty"`    // why it did not start
}

// Plugin is one plugin `wsdeploy plugins` found.
type Plugin struct {
	Plugin PluginInfo `json:"plugin"`
}

func (Plugin) Type() Type { return TypePlugin }

// PluginsSummary ends `wsdeploy plugins`: how many, and where it looked.
type PluginsSummary struct {
	Count    int    `json:"count"`
	Searched string `json:"searched"`
}

func (PluginsSummary) Type() Type { return TypePluginsSummary }

// Session is one session of a function with session affinity.
type Session struct {
	ID                 string `json:"id"`
	Function           string `json:"function"`
	Qualifier          string `json:"qualifier,omitempty"`
	Instance           string `json:"instance"`
	AffinityType       string `json:"affinity_type"`
	Status             string `json:"status"`
	Created            string `json:"created"`
	LastActive         string `json:"last_active"`
	TTLSeconds         int    `json:"ttl_seconds"`
	IdleTimeoutSeconds int    `json:"idle_timeout_seconds"`
}

// Sessions lists a function's sessions, [] for none.
type Sessions struct {
	Function string    `json:"function"`
	Sessions []Session `json:"sessions"`
}

func (Sessions) Type() Type { return TypeSessions }

// SessionDeleted: a session was ended.
type SessionDeleted struct {
	Function string `json:"function"`
	ID       string `json:"id"`
}

func (SessionDeleted) Type() Type { return TypeSessionDeleted }

// Status is `wsdeploy status`.
type Status struct {
	Status StackStatus `json:"status"`
}

func (Status) Type() Type { return TypeStatus }

// StackStatus is the stack's functions as the provider has them now.
type StackStatus struct {
	Stack     string           `json:"stack"`
	Provider  string           `json:"provider"`
	Functions []FunctionStatus `json:"functions"`
}

// FunctionStatus is one function: declared in the stack, deployed (owned
// by the stack on the provider), or both.
type FunctionStatus struct {
	Address  string `json:"address"` // function.<label>; "" when not declared
	Name     string `json:"name"`    // FC name
	Declared bool   `json:"declared"`
	Deployed bool   `json:"deployed"`

	State            string `json:"state,omitempty"` // Pending, Active, Failed
	StateReason      string `json:"state_reason,omitempty"`
	LastUpdateStatus string `json:"last_update_status,omitempty"` // Successful, Failed, InProgress
	LastUpdateReason string `json:"last_update_reason,omitempty"`
	Runtime          string `json:"runtime,omitempty"`
	CodeChecksum     string `json:"code_checksum,omitempty"`
	LastModified     string `json:"last_modified,omitempty"`

	Triggers []TriggerStatus `json:"triggers"`
	// Domains are the custom domain routes to the function, "host/path".
	Domains []string `json:"domains"`
	// Instances are its live instances; null when the provider cannot list
	// them (InstancesUnknown says why).
	Instances        []InstanceStatus `json:"instances"`
	InstancesUnknown string           `json:"instances_unknown,omitempty"`
}

// TriggerStatus is one HTTP trigger and its public URL.
type TriggerStatus struct {
	Name     string `json:"name"`
	AuthType string `json:"auth_type"`
	URL      string `json:"url,omitempty"`
}

// InstanceStatus is one live instance. Connections is null when the
// provider does not count them (FC).
type InstanceStatus struct {
	ID          string `json:"id"`
	Status      string `json:"status,omitempty"`
	Connections *int   `json:"connections"`
}
