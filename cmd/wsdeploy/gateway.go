package main

import (
	"context"
	"errors"
	"log/slog"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/internal/gateway/daemon"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

func gatewayVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:  "gateway",
			Usage: "run the bundled local Function Compute gateway",
			Description: "Serves FC's control API (what `apply` and the FC SDK call) and every HTTP trigger on its own\n" +
				"loopback port, running functions as local processes with FC's rules. Runs in the foreground\n" +
				"until Ctrl-C, or in the background with --detach.\n" + stackGatewayHelp,
			Flags: arguments.GatewayFlags(),
		},
		run: parsed(arguments.ParseGateway, runGateway),
		subs: []verb{
			{cmd: &cli.Command{Name: "status", Usage: "say whether a gateway runs, and where", Description: stackGatewayHelp,
				Flags: arguments.GatewayDirFlags()}, run: parsed(arguments.ParseGatewayDir, runGatewayStatus)},
			{cmd: &cli.Command{Name: "stop", Usage: "stop the gateway and every instance it runs", Description: stackGatewayHelp,
				Flags: arguments.GatewayDirFlags()}, run: parsed(arguments.ParseGatewayDir, runGatewayStop)},
		},
	}
}

func gatewayInfo(dir string, info statedir.Info) views.GatewayInfo {
	return views.GatewayInfo{StateDir: dir, PID: info.PID, ControlAddress: info.ControlAddress, Version: info.Version,
		StartedAt: info.StartedAt, LogFile: filepath.Join(dir, statedir.LogFile), Isolation: info.Isolation,
		DomainHTTP: info.DomainAddress, DomainHTTPS: info.DomainTLSAddress, CACertificate: info.CACertificate}
}

func runGateway(inv *invocation, args *arguments.Gateway) error {
	dir, err := stateDir(inv, args.StateDir)
	if err != nil {
		return err
	}
	view := views.NewGateway(inv.view())
	if args.Detach {
		info, err := daemon.Start(inv.c.Context, daemon.StartOptions{StateDir: dir, Args: args.Forward})
		if err != nil {
			return err
		}
		view.Ready(gatewayInfo(dir, info), true)
		return nil
	}
	// Listen for signals before announcing readiness: whoever reads the
	// announcement may stop the gateway at once.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(inv.env.stderr, nil))
	if inv.globals.View == views.ViewJSON {
		logger = slog.New(slog.NewJSONHandler(inv.env.stderr, nil))
	}
	cfg := args.Config
	cfg.StateDir, cfg.Version, cfg.Logger = dir, currentVersion(), logger
	g, err := server.Start(cfg)
	if err != nil {
		return err
	}
	view.Ready(gatewayInfo(dir, g.Info()), inv.env.getenv(daemon.DetachedEnv) != "")
	return g.Wait(ctx)
}

func runGatewayStatus(inv *invocation, args *arguments.GatewayDir) error {
	dir, err := stateDir(inv, args.StateDir)
	if err != nil {
		return err
	}
	info, err := statedir.RunningContext(inv.c.Context, dir)
	running := err == nil
	if err != nil && !errors.Is(err, statedir.ErrNotRunning) {
		return err
	}
	noteStale(inv, err)
	var functions []views.GatewayFunction
	if running {
		functions = gatewayFunctions(inv, dir)
	}
	views.NewGateway(inv.view()).Status(gatewayInfo(dir, info), running, functions)
	if !running {
		return exitStatus(exitError)
	}
	return nil
}

// gatewayFunctions asks the running gateway for each function's instances,
// provisioned and on demand. A gateway that cannot tell (an older one, or
// one stopping) still has a status: a note says why the list is missing.
func gatewayFunctions(inv *invocation, dir string) []views.GatewayFunction {
	ctx, cancel := context.WithTimeout(inv.c.Context, 30*time.Second)
	defer cancel()
	fs, err := server.FetchInstances(ctx, dir)
	if err != nil {
		inv.view().Note("cannot list the gateway's instances: " + err.Error())
		return nil
	}
	out := make([]views.GatewayFunction, 0, len(fs))
	for _, f := range fs {
		if aliyun.IsLockFunction(f.Function) {
			continue // a stack's lock, not a service
		}
		out = append(out, views.GatewayFunction{Function: f.Function, Provisioned: f.Provisioned, OnDemand: f.OnDemand, ProvisionTarget: f.ProvisionTarget})
	}
	return out
}

func runGatewayStop(inv *invocation, args *arguments.GatewayDir) error {
	dir, err := stateDir(inv, args.StateDir)
	if err != nil {
		return err
	}
	// The gateway may take up to its ShutdownTimeout (PreStop hooks).
	ctx, cancel := context.WithTimeout(inv.c.Context, server.ShutdownTimeout+30*time.Second)
	defer cancel()
	info, err := daemon.Stop(ctx, dir)
	wasRunning := err == nil
	if err != nil && !errors.Is(err, statedir.ErrNotRunning) {
		return err
	}
	noteStale(inv, err)
	views.NewGateway(inv.view()).Stopped(gatewayInfo(dir, info), wasRunning)
	return nil
}

// noteStale tells why a gateway.json that names a live process was not
// trusted (and, for stop, why that process was not signalled).
func noteStale(inv *invocation, err error) {
	var stale *statedir.StaleError
	if errors.As(err, &stale) {
		inv.view().Note(stale.Error() + ".")
	}
}
