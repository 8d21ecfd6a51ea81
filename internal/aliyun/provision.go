package aliyun

import (
	"context"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Provisioned instances (the HCL's provisioned { target }) live in FC's
// provision config of the LATEST qualifier, like reserved concurrency in
// its own config (concurrency.go). A function without one answers
// GetProvisionConfig with target 0 (the local gateway; FC possibly with a
// 404 of its own code, unconfirmed): both mean "none".

func (p *Provider) getProvision(ctx context.Context, function string) (*int, error) {
	var cfg *fc.ProvisionConfig
	_, err := p.call(ctx, "GetProvisionConfig", func(ctx context.Context) error {
		r, err := p.fc.GetProvisionConfigWithContext(ctx, dara.String(function),
			&fc.GetProvisionConfigRequest{Qualifier: dara.String(fcspec.QualifierLatest)}, noHeaders(), runtime())
		if err == nil {
			cfg = r.Body
		}
		return err
	})
	if noConfig(err) {
		return nil, nil
	}
	if err != nil || cfg == nil || dara.Int64Value(cfg.Target) == 0 {
		return nil, err
	}
	n := int(*cfg.Target)
	return &n, nil
}

func (p *Provider) putProvision(ctx context.Context, function string, target int) error {
	in := &fc.PutProvisionConfigInput{Target: dara.Int64(int64(target))}
	_, err := p.call(ctx, "PutProvisionConfig", func(ctx context.Context) error {
		_, err := p.fc.PutProvisionConfigWithContext(ctx, dara.String(function),
			&fc.PutProvisionConfigRequest{Qualifier: dara.String(fcspec.QualifierLatest), Body: in}, noHeaders(), runtime())
		return err
	})
	return err
}

// deleteProvision removes the config; none to remove is no error.
func (p *Provider) deleteProvision(ctx context.Context, function string) error {
	_, err := p.call(ctx, "DeleteProvisionConfig", func(ctx context.Context) error {
		_, err := p.fc.DeleteProvisionConfigWithContext(ctx, dara.String(function),
			&fc.DeleteProvisionConfigRequest{Qualifier: dara.String(fcspec.QualifierLatest)}, noHeaders(), runtime())
		return err
	})
	if noConfig(err) {
		return nil
	}
	return err
}

// syncProvision makes the provision config match target (nil: none).
func (p *Provider) syncProvision(ctx context.Context, function string, target *int) error {
	if target == nil {
		return p.deleteProvision(ctx, function)
	}
	return p.putProvision(ctx, function, *target)
}
