package sdk

import (
	"context"
	"errors"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
)

// Options describe a plugin to Serve.
type Options struct {
	// Version is the plugin's own version, shown by `wsdeploy plugins`.
	Version string
	// Schema is the provider block's settings; wsdeploy validates the
	// block against it, with the same diagnostics as a built-in provider.
	Schema Schema
	// Configure builds the provider from the block's settings. It is
	// called once, before any other provider call.
	Configure func(ctx context.Context, settings Settings) (Provider, error)
}

// Serve serves the provider to wsdeploy until wsdeploy is done with it.
// Run by hand (without wsdeploy's handshake cookie), it says that it is a
// plugin and exits with status 1.
func Serve(opts Options) {
	plugin.Serve(ServeConfig(opts))
}

// ServeConfig is what Serve hands to go-plugin: the handshake, the
// provider over gRPC, and message limits that fit a code package. It is
// exported for tests that need to serve something unusual.
func ServeConfig(opts Options) *plugin.ServeConfig {
	return &plugin.ServeConfig{
		HandshakeConfig: proto.Handshake,
		Plugins:         plugin.PluginSet{proto.PluginName: &grpcPlugin{opts: opts}},
		GRPCServer: func(o []grpc.ServerOption) *grpc.Server {
			return grpc.NewServer(append(o,
				grpc.MaxRecvMsgSize(proto.MaxMessageBytes), grpc.MaxSendMsgSize(proto.MaxMessageBytes))...)
		},
		Logger: Logger(),
	}
}

// grpcPlugin is the plugin end of go-plugin's plugin: it serves.
type grpcPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	opts Options
}

func (p *grpcPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	proto.RegisterProviderServer(s, &server{opts: p.opts, uploads: newUploads()})
	return nil
}

func (p *grpcPlugin) GRPCClient(context.Context, *plugin.GRPCBroker, *grpc.ClientConn) (any, error) {
	return nil, errors.New("the plugin SDK serves; wsdeploy's plugins/host is the client")
}
