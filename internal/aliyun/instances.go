package aliyun

import (
	"context"
	"encoding/json"
	"fmt"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
)

var (
	_ providers.Instances = (*Provider)(nil)
	_ providers.States    = (*Provider)(nil)
)

// ListInstances returns the function's active instances (FC's
// ListInstances with withAllActive). The call is the SDK's own request
// (ListInstancesWithContext's parameters) through CallApiWithCtx, because
// the SDK's InstanceInfo drops fields it does not know: the local gateway
// adds connections, which FC does not have.
func (p *Provider) ListInstances(ctx context.Context, function string) ([]*providers.Instance, error) {
	var body any
	_, err := p.call(ctx, "ListInstances", func(ctx context.Context) error {
		req := &openapiutil.OpenApiRequest{Headers: noHeaders(), Query: map[string]*string{"withAllActive": dara.String("true")}}
		r, err := p.fc.CallApiWithCtx(ctx, listInstancesParams(function), req, runtime())
		if err == nil {
			body = r["body"]
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return decodeInstances(body)
}

// listInstancesParams are the SDK's parameters of ListInstances (v4.8.2).
func listInstancesParams(function string) *openapiutil.Params {
	return &openapiutil.Params{
		Action:      dara.String("ListInstances"),
		Version:     dara.String("2023-03-30"),
		Protocol:    dara.String("HTTPS"),
		Pathname:    dara.String("/2023-03-30/functions/" + dara.PercentEncode(function) + "/instances"),
		Method:      dara.String("GET"),
		AuthType:    dara.String("AK"),
		Style:       dara.String("ROA"),
		ReqBodyType: dara.String("json"),
		BodyType:    dara.String("json"),
	}
}

// instanceInfo is FC's InstanceInfo plus the local gateway's connections.
type instanceInfo struct {
	InstanceID    string `json:"instanceId"`
	Qualifier     string `json:"qualifier"`
	VersionID     string `json:"versionId"`
	Status        string `json:"status"`
	ResourceType  string `json:"resourceType"`
	CreatedTimeMs int64  `json:"createdTimeMs"`
	Connections   *int   `json:"connections"`
}

// decodeInstances reads ListInstancesOutput from the body the SDK decoded
// into maps.
func decodeInstances(body any) ([]*providers.Instance, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("FC ListInstances: cannot read the answer: %w", err)
	}
	var out struct {
		Instances []*instanceInfo `json:"instances"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("FC ListInstances: the answer is not ListInstancesOutput: %w", err)
	}
	list := make([]*providers.Instance, 0, len(out.Instances))
	for _, in := range out.Instances {
		if in == nil {
			continue
		}
		list = append(list, &providers.Instance{ID: in.InstanceID, Qualifier: in.Qualifier, VersionID: in.VersionID,
			Status: in.Status, ResourceType: in.ResourceType, CreatedMs: in.CreatedTimeMs, Connections: in.Connections})
	}
	return list, nil
}

// FunctionState reads the function's state and last update status
// (GetFunction).
func (p *Provider) FunctionState(ctx context.Context, function string) (*providers.FunctionState, error) {
	raw, err := p.getFunction(ctx, function)
	if err != nil {
		return nil, err
	}
	return &providers.FunctionState{State: dara.StringValue(raw.State), StateReason: dara.StringValue(raw.StateReason),
		LastUpdateStatus: dara.StringValue(raw.LastUpdateStatus), LastUpdateReason: dara.StringValue(raw.LastUpdateStatusReason)}, nil
}
