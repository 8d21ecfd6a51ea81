package host

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

// Schema asks the plugin for its provider block's settings.
func (p *Plugin) Schema(ctx context.Context) (providers.Schema, error) {
	resp, err := call(ctx, p, "GetSchema", func(ctx context.Context) (*proto.GetSchemaResponse, error) {
		return p.rpc.GetSchema(ctx, &proto.GetSchemaRequest{})
	})
	if err != nil {
		return providers.Schema{}, err
	}
	s, err := proto.ToSchema(resp)
	if err != nil {
		return s, fmt.Errorf("provider plugin %q reports a schema wsdeploy cannot read: %w", p.Name, err)
	}
	return s, nil
}

// Configure passes the provider block's settings (as config decoded them
// against Schema) and returns the plugin as a providers.Provider, valid
// until Close.
func (p *Plugin) Configure(ctx context.Context, settings map[string]cty.Value, sensitive map[string]bool) (providers.Provider, error) {
	raw, err := proto.EncodeSettings(settings)
	if err != nil {
		return nil, fmt.Errorf("provider %q: %w", p.Name, err)
	}
	req := &proto.ConfigureRequest{SettingsJson: raw}
	for _, name := range slices.Sorted(maps.Keys(sensitive)) {
		if sensitive[name] {
			req.Sensitive = append(req.Sensitive, name)
		}
	}
	configured, err := call(ctx, p, "Configure", func(ctx context.Context) (*proto.ConfigureResponse, error) {
		return p.rpc.Configure(ctx, req)
	})
	if err != nil {
		return nil, fmt.Errorf("provider %q: configuring the plugin: %w", p.Name, err)
	}
	info, err := call(ctx, p, "Info", func(ctx context.Context) (*proto.InfoResponse, error) {
		return p.rpc.Info(ctx, &proto.InfoRequest{})
	})
	if err != nil {
		return nil, err
	}
	r := &remote{p: p, info: proto.ToInfo(info)}
	if r.info.Name == "" {
		r.info.Name = p.Name
	}
	return r.offer(configured), nil
}
