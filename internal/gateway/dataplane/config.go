package dataplane

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/memcg"
)

// Defaults of Config.
const (
	DefaultPropagationDelay = 10 * time.Second // FC's trigger cache update
	DefaultBindHost         = "127.0.0.1"
	DefaultIdleTTL          = 5 * time.Minute // FC reclaims idle instances "after a few minutes"
	DefaultMaxInstances     = 100             // FC's default per-region instance quota
	DefaultStopGrace        = 5 * time.Second
	DefaultRegion           = "cn-hangzhou"
	DefaultAccountID        = "1234567890123456"
)

// Config is how the gateway runs its data plane. The zero value works.
type Config struct {
	// BindHost is where trigger listeners bind; loopback by default.
	BindHost string
	// PropagationDelay is FC's trigger cache delay; 0 is the default,
	// a negative value none. SetTrigger takes the time a change takes
	// effect and Delay tells the assembly what to add; the plane itself
	// uses it only to keep a deleted trigger's URL answering 404.
	PropagationDelay time.Duration

	Region    string // x-fc-region and FC_REGION
	AccountID string // x-fc-account-id and FC_ACCOUNT_ID

	// Lookup returns the secret of an access key id: the gateway's key
	// pair, for triggers with authType "function". Nil refuses every
	// signature.
	Lookup func(accessKeyID string) (secret string, ok bool)
	// AcceptFC2Signatures also accepts FC 2.0's "FC <AccessKeyId>:
	// <signature>" trigger scheme. FC 3.0 documents only ACS3-HMAC-SHA256
	// for triggers and its acceptance of the old scheme is unconfirmed, so
	// by default the plane refuses it (403 SignatureNotMatch), as strict as
	// FC may be.
	AcceptFC2Signatures bool

	// MaxInstances caps the instances of all functions together, like
	// FC's account quota; past it requests get 429.
	MaxInstances int
	// IdleTTL stops an instance that served nothing for this long.
	IdleTTL time.Duration
	// IdleDrop, when set, cuts a connection that carried no byte in
	// either direction for this long, as a NAT gateway does.
	IdleDrop time.Duration
	// StopGrace is how long a stopped instance may take after SIGTERM.
	StopGrace time.Duration
	// ReadyTimeout bounds a cold start; default instance.DefaultReadyTimeout.
	ReadyTimeout time.Duration

	// Sandboxed runs each instance in a sandbox of its own (package
	// instance/sandbox), on the function's port, with its code at /code,
	// as FC does. Off, each instance is a plain process on its own free
	// loopback port. The caller checks sandbox.Available.
	Sandboxed bool
	// Hide lists host directories no sandboxed instance may see, even
	// through a directory of its PATH: the gateway's state directory.
	Hide []string
	// Memory limits sandboxed instances to their memory_size; nil runs
	// them without a limit.
	Memory *memcg.Controller

	// GoroutineRelay carries upgraded connections on two goroutines each,
	// the portable relay, even where the gateway's event loop runs
	// (Linux); for tests and comparisons.
	GoroutineRelay bool

	// Limits bound the connections and request bodies clients can make
	// the plane hold.
	Limits Limits

	// Fault injects FC system errors into a share of requests (tests).
	Fault Fault

	Meter   Meter               // billing; nil records nothing
	LogSink instance.LogSink    // instances' output; nil discards it
	Logger  *slog.Logger        // the plane's own events; nil discards them
	Events  func(InstanceEvent) // instance lifecycle hook; may be nil
	Clock   Clock               // nil is the real clock
}

func (c Config) normalized() (_ Config, err error) {
	if c.BindHost == "" {
		c.BindHost = DefaultBindHost
	}
	switch {
	case c.PropagationDelay == 0:
		c.PropagationDelay = DefaultPropagationDelay
	case c.PropagationDelay < 0:
		c.PropagationDelay = 0
	}
	if c.Region == "" {
		c.Region = DefaultRegion
	}
	if c.AccountID == "" {
		c.AccountID = DefaultAccountID
	}
	if c.Lookup == nil {
		c.Lookup = func(string) (string, bool) { return "", false }
	}
	if c.MaxInstances <= 0 {
		c.MaxInstances = DefaultMaxInstances
	}
	if c.IdleTTL <= 0 {
		c.IdleTTL = DefaultIdleTTL
	}
	if c.IdleDrop < 0 {
		return c, errors.New("dataplane: IdleDrop must not be negative")
	}
	if c.IdleDrop > 0 && !idleSupported {
		return c, errors.New("dataplane: IdleDrop needs Linux, whose TCP_INFO tells when a socket last received data")
	}
	if c.StopGrace <= 0 {
		c.StopGrace = DefaultStopGrace
	}
	if err := c.Fault.Check(); err != nil {
		return c, err
	}
	if c.Limits, err = c.Limits.normalized(); err != nil {
		return c, err
	}
	if c.Meter == nil {
		c.Meter = noMeter{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.Events == nil {
		c.Events = func(InstanceEvent) {}
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	return c, nil
}

// Fault makes a share of requests fail the way FC's front end sometimes
// does, so clients' retry and back-off paths can be tested. The choice is a
// pure function of Seed and the request's sequence number: the same
// requests in the same order fail in every run.
type Fault struct {
	Rate   float64 // share of requests to fail, 0..1
	Status int     // 429, 500 or 503
	Seed   uint64
}

// Check validates a fault setting.
func (f Fault) Check() error {
	if f.Rate == 0 {
		return nil
	}
	if !(f.Rate > 0 && f.Rate <= 1) {
		return fmt.Errorf("dataplane: fault rate %g must lie in (0, 1]", f.Rate)
	}
	switch f.Status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusServiceUnavailable:
	default:
		return fmt.Errorf("dataplane: fault status %d must be 429, 500 or 503, the refusals FC answers for throttling and system errors", f.Status)
	}
	return nil
}
