package sdk

import (
	"context"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
)

// The calls of protocol 1.2 that `wsdeploy status` and `import` make:
// Instances, States and Tags.

func (s *server) ListInstances(ctx context.Context, req *proto.ListInstancesRequest) (*proto.ListInstancesResponse, error) {
	api, err := optional[Instances](s, featureInstances)
	if err != nil {
		return nil, err
	}
	list, err := api.ListInstances(ctx, req.Function)
	if err != nil {
		return nil, proto.ToStatus(err)
	}
	resp := &proto.ListInstancesResponse{}
	for _, in := range list {
		resp.Instances = append(resp.Instances, proto.FromInstance(in))
	}
	return resp, nil
}

func (s *server) GetFunctionState(ctx context.Context, req *proto.GetFunctionStateRequest) (*proto.FunctionStateResponse, error) {
	api, err := optional[States](s, featureStates)
	if err != nil {
		return nil, err
	}
	st, err := api.FunctionState(ctx, req.Function)
	if err != nil {
		return nil, proto.ToStatus(err)
	}
	return proto.FromFunctionState(st), nil
}

func (s *server) TagFunction(ctx context.Context, req *proto.TagFunctionRequest) (*proto.TagFunctionResponse, error) {
	api, err := optional[Tags](s, featureTags)
	if err != nil {
		return nil, err
	}
	return &proto.TagFunctionResponse{}, proto.ToStatus(api.TagFunction(ctx, req.Function, req.Tags))
}
