package local

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/gateway/daemon"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
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
	Retry RetryPolicy
}

// Gateway is the gateway a provider talks to.
type Gateway struct {
	Info
	StateDir string
	Started  bool // New started it
	// Stale says why the gateway gateway.json named was not trusted, when
	// New started another instead (nil otherwise).
	Stale *StaleError
}

// New returns the local provider: the aliyun provider, the same code that
// talks to Function Compute, pointed at the local gateway with the
// gateway's own key pair. The gateway must first prove it is the gateway of
// the state directory (statedir.RunningContext); nothing signed is sent to
// an address before that. When none answers, New starts one in the
// background and waits until it answers, unless NoStart.
func New(ctx context.Context, s Settings) (*Provider, Gateway, error) {
	dir, err := statedir.Resolve(s.StateDir)
	if err != nil {
		return nil, Gateway{}, err
	}
	gw := Gateway{StateDir: dir}
	var info statedir.Info
	if s.Address != "" {
		if info, err = identifyAddress(ctx, dir, s.Address); err != nil {
			return nil, gw, err
		}
	} else if info, err = statedir.RunningContext(ctx, dir); err != nil {
		if !errors.Is(err, statedir.ErrNotRunning) || s.NoStart {
			return nil, gw, statedir.WithStartHint(err, dir)
		}
		errors.As(err, &gw.Stale)
		ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		if info, err = daemon.Start(ctx, daemon.StartOptions{Executable: s.Executable, StateDir: dir, Args: s.GatewayArgs}); err != nil {
			return nil, gw, fmt.Errorf("no local gateway was running for %s, and starting one failed: %w", dir, err)
		}
		gw.Started = true
	}
	gw.Info = info
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		return nil, gw, fmt.Errorf("the local gateway's key pair: %w", err)
	}
	domains, err := Domains(info)
	if err != nil {
		return nil, gw, err
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
		InstanceLimit:    info.MaxInstances,
	})
	if err != nil {
		return nil, gw, err
	}
	return &Provider{Provider: p, domains: domains}, gw, nil
}

// propagationDelay is the gateway's delay in aliyun.Settings' terms, where
// 0 means FC's default and a negative value none.
func propagationDelay(info statedir.Info) time.Duration {
	if info.PropagationDelay == 0 {
		return -1
	}
	return time.Duration(info.PropagationDelay)
}

// identifyAddress is the gateway at a configured address, which must prove
// it holds dir's key like any other. gateway.json's details (region,
// account, propagation delay) apply when they name the process that proved
// itself.
func identifyAddress(ctx context.Context, dir, address string) (statedir.Info, error) {
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		return statedir.Info{}, fmt.Errorf("cannot check the gateway at %s (the provider block's address) without the key pair of %s: %w", address, dir, err)
	}
	id, err := statedir.Identify(ctx, address, cred)
	if err != nil {
		return statedir.Info{}, fmt.Errorf("%s (the provider block's address) is not the gateway of %s: %v; nothing else was sent there. Start the gateway of that state directory there, or fix address or state_dir", address, dir, err)
	}
	info := statedir.Info{PID: id.PID, Region: "cn-hangzhou"}
	if recorded, err := statedir.ReadInfo(dir); err == nil && recorded.PID == id.PID {
		info = recorded
	}
	info.ControlAddress = address
	return info, nil
}
