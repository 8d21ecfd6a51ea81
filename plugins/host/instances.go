package host

import (
	"context"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

// instanceCalls, stateCalls and tagCalls are protocol 1.2's optional
// interfaces of `wsdeploy status` and `import` over a plugin (optional.go
// offers them).
type (
	instanceCalls struct{ p *Plugin }
	stateCalls    struct{ p *Plugin }
	tagCalls      struct{ p *Plugin }
)

var (
	_ providers.Instances = instanceCalls{}
	_ providers.States    = stateCalls{}
	_ providers.Tags      = tagCalls{}
)

func (c instanceCalls) ListInstances(ctx context.Context, function string) ([]*providers.Instance, error) {
	resp, err := callOptional(ctx, c.p, &instancesFeature, "ListInstances", func(ctx context.Context) (*proto.ListInstancesResponse, error) {
		return c.p.rpc.ListInstances(ctx, &proto.ListInstancesRequest{Function: function})
	})
	if err != nil {
		return nil, err
	}
	out := make([]*providers.Instance, len(resp.Instances))
	for i, in := range resp.Instances {
		out[i] = proto.ToInstance(in)
	}
	return out, nil
}

func (c stateCalls) FunctionState(ctx context.Context, function string) (*providers.FunctionState, error) {
	resp, err := callOptional(ctx, c.p, &statesFeature, "GetFunctionState", func(ctx context.Context) (*proto.FunctionStateResponse, error) {
		return c.p.rpc.GetFunctionState(ctx, &proto.GetFunctionStateRequest{Function: function})
	})
	if err != nil {
		return nil, err
	}
	return proto.ToFunctionState(resp), nil
}

func (c tagCalls) TagFunction(ctx context.Context, function string, tags map[string]string) error {
	_, err := callOptional(ctx, c.p, &tagsFeature, "TagFunction", func(ctx context.Context) (*proto.TagFunctionResponse, error) {
		return c.p.rpc.TagFunction(ctx, &proto.TagFunctionRequest{Function: function, Tags: tags})
	})
	return err
}
