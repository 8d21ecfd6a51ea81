package aliyun

import (
	"context"
	"errors"
	"net/http"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Reserved concurrency (the HCL's max_instances) lives in its own config.
// A function without one answers GetConcurrencyConfig with an empty object
// (the local gateway) or possibly a 404 of its own code (FC; unconfirmed):
// both mean "none".

func (p *Provider) getConcurrency(ctx context.Context, function string) (*int, error) {
	var cfg *fc.ConcurrencyConfig
	_, err := p.call(ctx, "GetConcurrencyConfig", func(ctx context.Context) error {
		r, err := p.fc.GetConcurrencyConfigWithContext(ctx, dara.String(function), noHeaders(), runtime())
		if err == nil {
			cfg = r.Body
		}
		return err
	})
	if noConfig(err) {
		return nil, nil
	}
	if err != nil || cfg == nil || cfg.ReservedConcurrency == nil {
		return nil, err
	}
	n := int(*cfg.ReservedConcurrency)
	return &n, nil
}

func (p *Provider) putConcurrency(ctx context.Context, function string, n int) error {
	in := &fc.PutConcurrencyInput{ReservedConcurrency: dara.Int64(int64(n))}
	_, err := p.call(ctx, "PutConcurrencyConfig", func(ctx context.Context) error {
		_, err := p.fc.PutConcurrencyConfigWithContext(ctx, dara.String(function), &fc.PutConcurrencyConfigRequest{Body: in}, noHeaders(), runtime())
		return err
	})
	return err
}

// deleteConcurrency removes the config; none to remove is no error.
func (p *Provider) deleteConcurrency(ctx context.Context, function string) error {
	_, err := p.call(ctx, "DeleteConcurrencyConfig", func(ctx context.Context) error {
		_, err := p.fc.DeleteConcurrencyConfigWithContext(ctx, dara.String(function), noHeaders(), runtime())
		return err
	})
	if noConfig(err) {
		return nil
	}
	return err
}

// noConfig is a 404 about the config, not about the function.
func noConfig(err error) bool {
	var api *APIError
	return errors.As(err, &api) && api.StatusCode == http.StatusNotFound && api.Code != string(fcspec.CodeFunctionNotFound)
}
