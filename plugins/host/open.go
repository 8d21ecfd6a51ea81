package host

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-plugin/runner"
	"google.golang.org/grpc"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
)

// Options tune how plugins are run.
type Options struct {
	// Logger receives the plugin's log lines (hclog JSON on its stderr) at
	// their level, named after the plugin; nil discards them.
	Logger hclog.Logger
	// StartTimeout bounds starting the plugin up to its handshake; 0
	// means DefaultStartTimeout.
	StartTimeout time.Duration
	// CallTimeout bounds each call; 0 means DefaultCallTimeout.
	CallTimeout time.Duration
	// HostVersion is wsdeploy's version, sent to the plugin.
	HostVersion string
}

const (
	// DefaultStartTimeout is generous: a busy CI machine may take seconds
	// to start a large binary, and a plugin that hangs still fails.
	DefaultStartTimeout = 30 * time.Second
	// DefaultCallTimeout covers the slowest honest call, uploading a
	// large code package through the plugin to a slow remote side.
	DefaultCallTimeout = 10 * time.Minute
)

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = hclog.NewNullLogger()
	}
	if o.StartTimeout <= 0 {
		o.StartTimeout = DefaultStartTimeout
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	return o
}

// Plugin is a running provider plugin. Close it when done.
type Plugin struct {
	Name string
	Path string
	// Describe is what the plugin said of its versions.
	ProtocolVersion int
	ProtocolMinor   int
	Version         string // the plugin's own version
	SDKVersion      string

	opts   Options
	client *plugin.Client
	runner *procRunner
	rpc    proto.ProviderClient
	stderr *tail
}

// Open starts the plugin at path as the provider name, completes the
// handshake (agreeing on proto.ProtocolVersion) and asks it to describe
// itself. On error nothing is left running.
func Open(ctx context.Context, name, path string, opts Options) (*Plugin, error) {
	p, err := open(ctx, name, path, opts)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// open is Open returning the plugin even on error, for tests that check
// that nothing was left running.
func open(ctx context.Context, name, path string, opts Options) (*Plugin, error) {
	opts = opts.withDefaults()
	p := &Plugin{Name: name, Path: path, opts: opts, stderr: &tail{}}
	// What the plugin prints after the handshake is kept, as log lines.
	printed := opts.Logger.Named(filepath.Base(path)).StandardWriter(&hclog.StandardLoggerOptions{ForceLevel: hclog.Info})
	p.client = plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  proto.Handshake,
		VersionedPlugins: map[int]plugin.PluginSet{proto.ProtocolVersion: {proto.PluginName: &grpcPlugin{}}},
		// With a RunnerFunc go-plugin passes a command without a path,
		// carrying the environment (the cookie) that the plugin needs.
		RunnerFunc: func(_ hclog.Logger, spec *exec.Cmd, _ string) (runner.Runner, error) {
			cmd := exec.Command(path)
			cmd.Env, cmd.Stdin = spec.Env, spec.Stdin
			r, err := newProcRunner(cmd)
			p.runner = r
			return r, err
		},
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		StartTimeout:     opts.StartTimeout,
		Logger:           goPluginLogger{opts.Logger, filepath.Base(path)},
		Stderr:           p.stderr,
		SyncStdout:       printed,
		SyncStderr:       printed,
		GRPCDialOptions: []grpc.DialOption{grpc.WithDefaultCallOptions(
			grpc.MaxCallRecvMsgSize(proto.MaxMessageBytes), grpc.MaxCallSendMsgSize(proto.MaxMessageBytes))},
	})
	if err := p.start(ctx); err != nil {
		p.Close()
		return p, err
	}
	return p, nil
}

func (p *Plugin) start(ctx context.Context) error {
	// Bounded by StartTimeout, not by ctx: returning early on ctx would
	// leave a starting plugin behind.
	rpc, err := p.client.Client()
	if err != nil {
		return p.startError(err)
	}
	raw, err := rpc.Dispense(proto.PluginName)
	if err != nil {
		return fmt.Errorf("provider plugin %q (%s) does not serve a provider: %w", p.Name, p.Path, err)
	}
	p.rpc = raw.(proto.ProviderClient)
	d, err := call(ctx, p, "Describe", func(ctx context.Context) (*proto.DescribeResponse, error) {
		return p.rpc.Describe(ctx, &proto.DescribeRequest{HostVersion: p.opts.HostVersion})
	})
	if err != nil {
		return err
	}
	p.ProtocolVersion, p.ProtocolMinor = int(d.ProtocolMajor), int(d.ProtocolMinor)
	p.Version, p.SDKVersion = d.PluginVersion, d.SdkVersion
	if p.ProtocolVersion != proto.ProtocolVersion {
		return fmt.Errorf("provider plugin %q (%s) completed the handshake for protocol %d but describes itself as protocol %d: it is broken; rebuild it with the wsdeploy SDK",
			p.Name, p.Path, proto.ProtocolVersion, p.ProtocolVersion)
	}
	return nil
}

// Close stops the plugin: go-plugin asks it to exit and kills it if it
// does not, then whatever is left of its process group is killed, so no
// child of it outlives wsdeploy. Close may be called more than once.
func (p *Plugin) Close() {
	p.client.Kill()
	if p.runner != nil && p.runner.pid != 0 {
		syscall.Kill(-p.runner.pid, syscall.SIGKILL) // ESRCH: nothing left, as hoped
	}
}

// grpcPlugin is the host end of go-plugin's plugin: a gRPC client.
type grpcPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

func (grpcPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error {
	return fmt.Errorf("wsdeploy's plugins/host is the client; plugins serve with plugins/sdk")
}

func (grpcPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return proto.NewProviderClient(c), nil
}
