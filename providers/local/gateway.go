package local

import (
	"context"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/gateway/daemon"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// The gateway's implementation lives under internal/gateway; these names
// are what a program outside the module (a test harness, an IDE plugin)
// needs to run one: start it in the background, read where it listens,
// stop it.
type (
	// Info is what a running gateway writes to its gateway.json.
	Info = statedir.Info
	// StartOptions say where a started gateway keeps its state and which
	// `wsdeploy gateway` flags it gets.
	StartOptions = daemon.StartOptions
	// StaleError says why a gateway.json was not trusted.
	StaleError = statedir.StaleError
	// RetryPolicy tunes the FC client's retries.
	RetryPolicy = aliyun.RetryPolicy
)

// ErrNotRunning is Status's and Stop's answer when no gateway runs.
var ErrNotRunning = statedir.ErrNotRunning

// Start starts a gateway as a background process (`wsdeploy gateway
// --detach`) and returns once it answers and has proved it is the state
// directory's gateway.
func Start(ctx context.Context, opts StartOptions) (Info, error) {
	return daemon.Start(ctx, opts)
}

// Stop stops the state directory's gateway and returns what it was.
func Stop(ctx context.Context, stateDir string) (Info, error) {
	return daemon.Stop(ctx, stateDir)
}

// Status returns the state directory's running gateway, after it proved
// that it is that directory's gateway; ErrNotRunning when none runs.
func Status(ctx context.Context, stateDir string) (Info, error) {
	return statedir.RunningContext(ctx, stateDir)
}
