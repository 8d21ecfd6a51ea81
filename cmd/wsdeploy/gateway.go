package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/internal/gateway/daemon"
	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// gatewayFlags are the settings of a running gateway; --detach forwards the
// ones the user set to the background process.
var gatewayFlags = []cli.Flag{
	&cli.StringFlag{Name: "listen", Value: server.DefaultListen, Usage: "`ADDR` of the control API (FC's API and /metrics); port 0 picks a free one"},
	&cli.StringFlag{Name: "domain-listen", DefaultText: "the trigger host, port 0", Usage: "`ADDR` of the plain HTTP listener of all custom domains (clients send the domain as Host); port 0 picks a free one"},
	&cli.StringFlag{Name: "domain-tls-listen", DefaultText: "the trigger host, port 0", Usage: "`ADDR` of the TLS listener of all custom domains (certificate by SNI: the domain's own, or one from the local CA at <state dir>/ca.pem); port 0 picks a free one"},
	&cli.DurationFlag{Name: "state-delay", Value: server.DefaultStateDelay, Usage: "how long an updated function stays InProgress (serving its previous code) and a new custom-container function Pending, as on FC; 0 settles at once"},
	&cli.DurationFlag{Name: "propagation-delay", Value: dataplane.DefaultPropagationDelay, Usage: "how long a new or changed trigger takes to serve, like FC's trigger cache"},
	&cli.DurationFlag{Name: "idle-drop", Usage: "cut connections that carry no bytes for this long, like a NAT gateway (0: never)"},
	&cli.DurationFlag{Name: "idle-ttl", Value: dataplane.DefaultIdleTTL, Usage: "stop instances that served nothing for this long"},
	&cli.IntFlag{Name: "max-instances", Value: dataplane.DefaultMaxInstances, Usage: "instances of all functions together, like FC's quota; beyond it requests get 429"},
	&cli.StringFlag{Name: "region", Value: dataplane.DefaultRegion, Usage: "region the functions see (FC_REGION, ARNs)"},
	&cli.StringFlag{Name: "account-id", Value: dataplane.DefaultAccountID, Usage: "account id the functions see (FC_ACCOUNT_ID, ARNs)"},
	&cli.StringFlag{Name: "isolation", Value: server.IsolationSandbox, EnvVars: []string{"WSDEPLOY_ISOLATION"},
		Usage: "how instances run: sandbox (FC's way: own namespaces, port 9000, code at /code; falls back to process where the kernel refuses) or process (plain processes on their own ports)"},
	&cli.BoolFlag{Name: "kernel-fast-path", Usage: "relay WebSocket bytes in the kernel (BPF sockmap; needs CAP_BPF, else the user-space relay); off by default, see docs/BENCHMARKS.md"},
	&cli.BoolFlag{Name: "accept-fc2-signatures", Usage: "triggers with auth_type \"function\" also accept FC 2.0's \"FC ak:signature\" scheme, which FC 3.0 may refuse (ACS3 always works)"},
	&cli.StringFlag{Name: "inject-faults", Hidden: true, Usage: "for tests: data=STATUS:RATE,control=STATUS:RATE,seed=N"},
	// The data plane's limits (dataplane.Limits); 0 takes the default.
	&cli.IntFlag{Name: "max-connections", DefaultText: strconv.Itoa(dataplane.DefaultMaxConnections()) + ", from the open-file limit",
		Usage: "client connections to all triggers together, WebSocket tunnels included; beyond it 503 (the default leaves descriptors to the control API)"},
	&cli.IntFlag{Name: "max-trigger-connections", DefaultText: "--max-connections", Usage: "client connections to one trigger; beyond it 503"},
	&cli.DurationFlag{Name: "body-timeout", Value: dataplane.DefaultBodyTimeout, Usage: "time a client has to send a request body without a length (chunked); beyond it 400"},
	&cli.IntFlag{Name: "body-memory-mib", Value: dataplane.DefaultBodyMemory >> 20, Usage: "MiB of memory for such bodies, all requests together; beyond it 503"},
	&cli.IntFlag{Name: "body-spool-mib", Value: dataplane.DefaultBodySpool >> 20, Usage: "MiB of disk for such bodies (spool files in $TMPDIR), all requests together; beyond it 503"},
}

// gatewayLimits reads the data plane's limits from their flags.
func gatewayLimits(c *cli.Context) (dataplane.Limits, error) {
	for _, name := range []string{"max-connections", "max-trigger-connections", "body-memory-mib", "body-spool-mib"} {
		if n := c.Int(name); n < 0 || n > math.MaxInt64>>20 {
			return dataplane.Limits{}, &arguments.UsageError{Err: fmt.Errorf("--%s %d: write a number from 1 up (0 takes the default)", name, n), Help: "wsdeploy gateway --help"}
		}
	}
	if d := c.Duration("body-timeout"); d < 0 {
		return dataplane.Limits{}, &arguments.UsageError{Err: fmt.Errorf("--body-timeout %s: write a positive duration such as 2m (0 takes the default)", d), Help: "wsdeploy gateway --help"}
	}
	return dataplane.Limits{
		MaxConnections:        c.Int("max-connections"),
		MaxTriggerConnections: c.Int("max-trigger-connections"),
		BodyTimeout:           c.Duration("body-timeout"),
		BodyMemory:            int64(c.Int("body-memory-mib")) << 20,
		BodySpool:             int64(c.Int("body-spool-mib")) << 20,
	}, nil
}

func gatewayVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:  "gateway",
			Usage: "run the bundled local Function Compute gateway",
			Description: "Serves FC's control API (what `apply` and the FC SDK call) and every HTTP trigger on its own\n" +
				"loopback port, running functions as local processes with FC's rules. Runs in the foreground\n" +
				"until Ctrl-C, or in the background with --detach.\n" + stackGatewayHelp,
			Flags: append(append(arguments.GatewayDirFlags(),
				&cli.BoolFlag{Name: "detach", Usage: "run in the background; output goes to DIR/gateway.log"}), gatewayFlags...),
		},
		run: runGateway,
		subs: []verb{
			{cmd: &cli.Command{Name: "status", Usage: "say whether a gateway runs, and where", Description: stackGatewayHelp,
				Flags: arguments.GatewayDirFlags()}, run: gatewayDirVerb(runGatewayStatus)},
			{cmd: &cli.Command{Name: "stop", Usage: "stop the gateway and every instance it runs", Description: stackGatewayHelp,
				Flags: arguments.GatewayDirFlags()}, run: gatewayDirVerb(runGatewayStop)},
		},
	}
}

func gatewayInfo(dir string, info statedir.Info) views.GatewayInfo {
	return views.GatewayInfo{StateDir: dir, PID: info.PID, ControlAddress: info.ControlAddress, Version: info.Version,
		StartedAt: info.StartedAt, LogFile: filepath.Join(dir, statedir.LogFile), Isolation: info.Isolation,
		DomainHTTP: info.DomainAddress, DomainHTTPS: info.DomainTLSAddress, CACertificate: info.CACertificate}
}

// gatewayDirVerb is the body of a verb that works on a gateway's state
// directory and takes nothing else.
func gatewayDirVerb(run func(*invocation, *arguments.GatewayDir) error) func(*invocation) error {
	return func(inv *invocation) error {
		args, err := arguments.ParseGatewayDir(inv.c)
		if err != nil {
			return err
		}
		return run(inv, args)
	}
}

func runGateway(inv *invocation) error {
	c := inv.c
	gd, err := arguments.ParseGatewayDir(c)
	if err != nil {
		return err
	}
	limits, err := gatewayLimits(c)
	if err != nil {
		return err
	}
	dir, err := stateDir(inv, gd.StateDir)
	if err != nil {
		return err
	}
	data, control, err := server.ParseFaults(c.String("inject-faults"))
	if err != nil {
		return err
	}
	view := views.NewGateway(inv.view())
	if c.Bool("detach") {
		var args []string
		for _, f := range gatewayFlags {
			if name := f.Names()[0]; c.IsSet(name) {
				args = append(args, "--"+name+"="+flagText(c, name))
			}
		}
		info, err := daemon.Start(c.Context, daemon.StartOptions{StateDir: dir, Args: args})
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
	g, err := server.Start(server.Config{
		StateDir:         dir,
		Listen:           c.String("listen"),
		DomainListen:     c.String("domain-listen"),
		DomainTLSListen:  c.String("domain-tls-listen"),
		PropagationDelay: c.Duration("propagation-delay"),
		StateDelay:       c.Duration("state-delay"),
		IdleDrop:         c.Duration("idle-drop"),
		IdleTTL:          c.Duration("idle-ttl"),
		MaxInstances:     c.Int("max-instances"),
		Isolation:        c.String("isolation"),
		Limits:           limits,
		Region:           c.String("region"),
		AccountID:        c.String("account-id"),
		DataFault:        data,
		ControlFault:     control,
		Version:          currentVersion(),
		Logger:           logger,

		AcceptFC2Signatures: c.Bool("accept-fc2-signatures"),
		KernelFastPath:      c.Bool("kernel-fast-path"),
	})
	if err != nil {
		return err
	}
	view.Ready(gatewayInfo(dir, g.Info()), inv.env.getenv(daemon.DetachedEnv) != "")
	return g.Wait(ctx)
}

// flagText renders a flag's value as the command line would give it.
func flagText(c *cli.Context, name string) string {
	switch v := c.Value(name).(type) {
	case time.Duration:
		return v.String()
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	}
	return c.String(name)
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
