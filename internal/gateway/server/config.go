package server

import (
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
)

// Config is how `wsdeploy gateway` runs the gateway.
type Config struct {
	StateDir string // absolute; see statedir.Default
	// Listen is the control API's address; port 0 picks a free one (the
	// address is published in gateway.json). Loopback unless told.
	Listen string
	// Host is where trigger listeners bind; default the Listen host.
	Host string
	// DomainListen and DomainTLSListen are the plain HTTP and the TLS
	// listeners of all custom domains; default Host with port 0 (a free
	// port, published in gateway.json).
	DomainListen, DomainTLSListen string

	PropagationDelay time.Duration // FC's ~10 s trigger cache update; 0 applies changes at once
	// StateDelay is how long a new custom-container function stays
	// Pending, and an updated function's lastUpdateStatus InProgress
	// (serving its previous configuration meanwhile); 0 settles at once.
	StateDelay   time.Duration
	IdleDrop     time.Duration // cut connections silent this long (0: never)
	IdleTTL      time.Duration // stop instances idle this long
	MaxInstances int           // across all functions, like FC's quota

	Region    string
	AccountID string

	// Limits bound the connections and request bodies clients can make
	// the data plane hold; the default connection cap leaves a reserve of
	// the open-file limit to the control API, instances and the store.
	Limits dataplane.Limits
	// AcceptFC2Signatures lets triggers with authType "function" accept
	// FC 2.0's "FC ak:sig" scheme besides ACS3 (dataplane.Config).
	AcceptFC2Signatures bool

	// DataFault and ControlFault inject FC's system errors into a share of
	// requests, so clients' retries can be tested.
	DataFault    dataplane.Fault
	ControlFault dataplane.Fault

	// Isolation is IsolationSandbox (the default: FC's way, where the
	// kernel allows it) or IsolationProcess.
	Isolation string

	Version string
	Logger  *slog.Logger
}

// DefaultStateDelay is --state-delay's default: long enough that a
// deployer which does not wait for lastUpdateStatus Successful fails
// locally as it would on FC, short enough not to slow a deploy much.
const DefaultStateDelay = 2 * time.Second

// DefaultListen is the control API's address unless told otherwise.
const DefaultListen = "127.0.0.1:0"

func (c Config) normalized() (Config, error) {
	if c.StateDir == "" {
		return c, fmt.Errorf("server: StateDir is required")
	}
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	host, _, err := net.SplitHostPort(c.Listen)
	if err != nil {
		return c, fmt.Errorf("--listen %q: %v; write host:port, such as 127.0.0.1:9900", c.Listen, err)
	}
	if c.Host == "" {
		c.Host = host
	}
	if c.DomainListen == "" {
		c.DomainListen = net.JoinHostPort(c.Host, "0")
	}
	if c.DomainTLSListen == "" {
		c.DomainTLSListen = net.JoinHostPort(c.Host, "0")
	}
	if c.Region == "" {
		c.Region = dataplane.DefaultRegion
	}
	if c.AccountID == "" {
		c.AccountID = dataplane.DefaultAccountID
	}
	if c.MaxInstances <= 0 {
		c.MaxInstances = dataplane.DefaultMaxInstances
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// warnExposure warns, before anything binds, when the control API or the
// trigger listeners accept connections from beyond this machine.
func warnExposure(c Config) {
	host, _, _ := net.SplitHostPort(c.Listen)
	if !isLoopback(host) {
		c.Logger.Warn("the gateway listens beyond this machine: anyone who can reach it and holds its key can run code here", "listen", c.Listen)
	}
	if !isLoopback(c.Host) {
		c.Logger.Warn("trigger URLs are reachable beyond this machine: anyone who can reach them can call the functions", "host", c.Host)
	}
}

// isLoopback reports whether host only accepts connections from this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
