package local

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/aliyun"
	"github.com/wsdeploy/wsdeploy/providers/local/daemon"
	"github.com/wsdeploy/wsdeploy/providers/local/statedir"
)

// Settings are the provider "local" block's (Schema) plus how to start a
// gateway when none runs.
type Settings struct {
	StateDir string // default statedir.Default()
	// Address is a running gateway's control address; empty reads it from
	// StateDir/gateway.json.
	Address string
	// Executable is the wsdeploy binary that `gateway --detach` runs when no
	// gateway answers; empty means this process's own. NoStart refuses to
	// start one instead.
	Executable string
	NoStart    bool
	// GatewayArgs are extra `wsdeploy gateway` flags for a started gateway.
	GatewayArgs []string
	// Retry tunes the FC client's retries (tests shorten them).
	Retry aliyun.RetryPolicy
}

// Gateway is the gateway a provider talks to.
type Gateway struct {
	statedir.Info
	StateDir string
	Started  bool // New started it
}

// New returns the local provider: the aliyun provider, the same code that
// talks to Function Compute, pointed at the local gateway with the
// gateway's own key pair. When no gateway runs for the state directory, it
// starts one in the background and waits until it answers.
func New(ctx context.Context, s Settings) (*aliyun.Provider, Gateway, error) {
	dir, err := statedir.Resolve(s.StateDir)
	if err != nil {
		return nil, Gateway{}, err
	}
	gw := Gateway{StateDir: dir}
	info, err := statedir.Running(dir)
	switch {
	case s.Address != "":
		info.ControlAddress = s.Address
		if info.Region == "" {
			info.Region = "cn-hangzhou"
		}
	case errors.Is(err, statedir.ErrNotRunning) && !s.NoStart:
		ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		if info, err = daemon.Start(ctx, daemon.StartOptions{Executable: s.Executable, StateDir: dir, Args: s.GatewayArgs}); err != nil {
			return nil, gw, fmt.Errorf("no local gateway was running for %s, and starting one failed: %w", dir, err)
		}
		gw.Started = true
	case err != nil:
		return nil, gw, fmt.Errorf("%w for %s: start one with wsdeploy gateway --detach --state-dir %s", err, dir, dir)
	}
	gw.Info = info
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		return nil, gw, fmt.Errorf("the local gateway's key pair: %w", err)
	}
	p, err := aliyun.New(ctx, aliyun.Settings{
		Name:             Name,
		Region:           info.Region,
		AccountID:        info.AccountID,
		Endpoint:         info.ControlAddress,
		Protocol:         "HTTP",
		AccessKeyID:      cred.AccessKeyID,
		AccessKeySecret:  cred.AccessKeySecret,
		Retry:            s.Retry,
		PropagationDelay: propagationDelay(info),
	})
	return p, gw, err
}

// propagationDelay is the gateway's delay in aliyun.Settings' terms, where
// 0 means FC's default and a negative value none.
func propagationDelay(info statedir.Info) time.Duration {
	if info.PropagationDelay == 0 {
		return -1
	}
	return time.Duration(info.PropagationDelay)
}
