package instance

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// DefaultReadyTimeout is how long FC waits for a custom runtime to listen.
const DefaultReadyTimeout = 120 * time.Second

// Spec describes one instance to start. Function, InstanceID, CodeDir and
// Port are required; the FC facts default to what FC assumes.
type Spec struct {
	Function   string // FC function name
	InstanceID string // unique per instance; see NewInstanceID
	CodeDir    string // the unpacked code: working directory and FC_FUNC_CODE_PATH

	// Command and Args are customRuntimeConfig's; with no Command the
	// instance runs ./bootstrap from CodeDir, as FC runs /code/bootstrap.
	Command []string
	Args    []string

	// Port is where the function's server listens, which it sees as
	// FC_SERVER_PORT and FC_CUSTOM_LISTEN_PORT: the function's port
	// (9000 by default) in a sandbox, else the instance's own free port,
	// chosen by the caller.
	Port int

	// Sandbox, when set, runs the instance in namespaces of its own the
	// way FC does (package sandbox): code at /code, private /tmp, its own
	// network stack. The caller checks sandbox.Available first.
	Sandbox *Sandboxing

	// Env is the function's environmentVariables.
	Env map[string]string

	Region         string // FC_REGION
	AccountID      string // FC_ACCOUNT_ID
	Handler        string // FC_FUNCTION_HANDLER
	Runtime        string // FC_RUNTIME; default fcspec.DefaultRuntime
	MemoryMB       int    // FC_FUNCTION_MEMORY_SIZE; default fcspec.DefaultMemory
	TimeoutSeconds int    // FC_TIMEOUT; default fcspec.DefaultTimeout

	// HealthCheck is FC's healthCheckConfig; nil means a TCP check only.
	HealthCheck *HealthCheck

	// ReadyTimeout bounds the start; default DefaultReadyTimeout.
	ReadyTimeout time.Duration

	// Sink receives every output line; nil discards them (the tail kept
	// for error messages is independent of it). It must be safe for
	// concurrent use.
	Sink LogSink
}

// HealthCheck is FC's healthCheckConfig. Zero durations mean: check at once
// and retry with a short back-off, which suits a local start better than
// FC's multi-second periods.
type HealthCheck struct {
	HTTPGetURL       string        // path, such as "/ready"
	InitialDelay     time.Duration // after the process starts
	Period           time.Duration // between probes
	Timeout          time.Duration // of one probe; default 1 s
	SuccessThreshold int           // consecutive 2xx answers needed; default 1
}

// normalized checks s and fills in the defaults.
func (s Spec) normalized() (Spec, error) {
	if err := fcspec.CheckFunctionName(s.Function); err != nil {
		return s, err
	}
	if s.InstanceID == "" {
		return s, fmt.Errorf("function %q: an instance needs an id", s.Function)
	}
	if err := fcspec.CheckPort(s.Port); err != nil {
		return s, fmt.Errorf("function %q: port %w", s.Function, err)
	}
	dir, err := filepath.Abs(s.CodeDir)
	if err != nil {
		return s, err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return s, fmt.Errorf("function %q: code directory %s is not a directory", s.Function, dir)
	}
	s.CodeDir = dir
	if s.Runtime == "" {
		s.Runtime = fcspec.DefaultRuntime
	}
	if s.MemoryMB == 0 {
		s.MemoryMB = fcspec.DefaultMemory
	}
	if s.TimeoutSeconds == 0 {
		s.TimeoutSeconds = fcspec.DefaultTimeout
	}
	if s.ReadyTimeout <= 0 {
		s.ReadyTimeout = DefaultReadyTimeout
	}
	if s.Sink == nil {
		s.Sink = discard{}
	}
	if hc := s.HealthCheck; hc != nil {
		c := *hc
		if c.Timeout <= 0 {
			c.Timeout = time.Second
		}
		if c.SuccessThreshold <= 0 {
			c.SuccessThreshold = 1
		}
		if c.HTTPGetURL == "" || c.HTTPGetURL[0] != '/' {
			c.HTTPGetURL = "/" + c.HTTPGetURL
		}
		s.HealthCheck = &c
	}
	return s, nil
}
