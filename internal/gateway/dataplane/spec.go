package dataplane

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// FunctionSpec is what the plane needs of a function to run its instances.
type FunctionSpec struct {
	Name    string
	Runtime string // custom.debian12 by default; custom-container cannot run locally
	Handler string // FC_FUNCTION_HANDLER

	// Generation names the function's code, such as its CRC-64 checksum.
	// Instances run one spec: when the code or any field here changes,
	// new requests go to new instances and the old ones are drained.
	Generation string

	CodeDir string   // the unpacked code
	Command []string // customRuntimeConfig.command; none runs ./bootstrap
	Args    []string
	// Port is customRuntimeConfig.port, where every sandboxed instance
	// listens (0: FC's default). Unsandboxed instances share the host, so
	// each gets a free port of its own instead (FC_SERVER_PORT).
	Port int
	// DiskMB is diskSize, the size of a sandboxed instance's /tmp.
	DiskMB int
	Env    map[string]string

	MemoryMB       int     // default fcspec.DefaultMemory
	CPU            float64 // not enforced locally
	TimeoutSeconds int     // default fcspec.DefaultTimeout
	// InstanceConcurrency is how many requests or connections one
	// instance serves at once; default 1.
	InstanceConcurrency int
	// ReservedConcurrency caps the function's instances; nil is no cap,
	// 0 throttles every request (FC's way to disable a function).
	ReservedConcurrency *int
	// Provisioned is how many instances of the function the plane keeps
	// started and ready whether or not they serve (FC's provision config
	// target): counted against MaxInstances, never reaped when idle.
	Provisioned int

	HealthCheck *instance.HealthCheck

	// Initializer and PreStop are instanceLifecycleConfig's hooks (see
	// hooks.go); nil: not configured.
	Initializer, PreStop *Hook
	// Role is the function's RAM role ARN; with one, its instances get
	// short-lived credentials (see creds.go).
	Role string
	// Affinity is the function's session affinity (affinity.go); nil:
	// none, and placement is not sticky. With one, instance concurrency
	// is FC's 200.
	Affinity *Affinity
}

// normalized fills in FC's defaults and computes the key that tells
// instances of this exact spec apart from others.
func (s FunctionSpec) normalized() (FunctionSpec, string, error) {
	if err := fcspec.CheckFunctionName(s.Name); err != nil {
		return s, "", err
	}
	if s.Runtime == "" {
		s.Runtime = fcspec.DefaultRuntime
	}
	if s.MemoryMB == 0 {
		s.MemoryMB = fcspec.DefaultMemory
	}
	if s.TimeoutSeconds == 0 {
		s.TimeoutSeconds = fcspec.DefaultTimeout
	}
	if s.InstanceConcurrency == 0 {
		s.InstanceConcurrency = fcspec.DefaultInstanceConcurrency
	}
	if s.Affinity != nil {
		a, err := s.Affinity.normalized()
		if err != nil {
			return s, "", fmt.Errorf("function %q: %w", s.Name, err)
		}
		s.Affinity, s.InstanceConcurrency = &a, fcspec.AffinityInstanceConcurrency
	}
	if err := fcspec.CheckTimeout(s.TimeoutSeconds); err != nil {
		return s, "", fmt.Errorf("function %q: timeout %w", s.Name, err)
	}
	if err := fcspec.CheckInstanceConcurrency(s.InstanceConcurrency); err != nil {
		return s, "", fmt.Errorf("function %q: %w", s.Name, err)
	}
	if err := s.normalizeHooks(); err != nil {
		return s, "", err
	}
	if s.Provisioned < 0 {
		return s, "", fmt.Errorf("function %q: provisioned instances %d is negative", s.Name, s.Provisioned)
	}
	if r := s.ReservedConcurrency; r != nil && *r < 0 {
		return s, "", fmt.Errorf("function %q: reserved concurrency %d is negative", s.Name, *r)
	}
	// JSON of the whole spec: any change, not only the code, gives new
	// instances, as FC's UpdateFunction does. Reserved concurrency is a
	// separate FC resource that does not replace instances; so is the
	// provision config.
	keyed := s
	keyed.ReservedConcurrency = nil
	keyed.Provisioned = 0
	b, err := json.Marshal(keyed)
	if err != nil {
		return s, "", err
	}
	sum := sha256.Sum256(b)
	return s, s.Generation + "/" + hex.EncodeToString(sum[:8]), nil
}

// runsLocally says why the local gateway cannot run rt, or "".
func runsLocally(rt string) string {
	switch {
	case fcspec.IsCustomRuntime(rt):
		return ""
	case rt == fcspec.CustomContainer:
		return "runtime custom-container runs a container image, which the local gateway cannot run; test the server as a custom runtime (custom.debian12 with its command) locally, or deploy to Function Compute"
	default:
		return fmt.Sprintf("runtime %q invokes a handler per request and cannot hold a WebSocket connection; use a custom runtime (custom.debian12) that runs its own server", rt)
	}
}
