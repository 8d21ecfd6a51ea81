package aliyun

import (
	"context"
	"fmt"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
)

// lookupAccountID asks STS whose credentials these are (GetCallerIdentity),
// through the generic OpenAPI client: the STS SDK module is not served by
// the module proxy here, and one RPC call does not need it.
func (p *Provider) lookupAccountID(ctx context.Context) (string, error) {
	c, err := openapi.NewClient(p.openapiConfig(p.s.STSEndpoint))
	if err != nil {
		return "", fmt.Errorf("aliyun: STS client: %s", scrub(err.Error(), p.secrets))
	}
	params := &openapi.Params{
		Action: dara.String("GetCallerIdentity"), Version: dara.String("2015-04-01"),
		Protocol: dara.String("HTTPS"), Pathname: dara.String("/"), Method: dara.String("POST"),
		AuthType: dara.String("AK"), Style: dara.String("RPC"), ReqBodyType: dara.String("json"), BodyType: dara.String("json"),
	}
	var account string
	_, err = p.call(ctx, "STS GetCallerIdentity", func(ctx context.Context) error {
		res, err := c.CallApiWithCtx(ctx, params, &openapi.OpenApiRequest{}, runtime())
		if err != nil {
			return err
		}
		body, _ := res["body"].(map[string]any)
		account = fmt.Sprint(body["AccountId"])
		if body == nil || body["AccountId"] == nil {
			account = ""
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("aliyun: no account_id, and looking it up failed: %w; set account_id in the provider %q block", err, p.s.Name)
	}
	if account == "" {
		return "", fmt.Errorf("aliyun: no account_id, and STS GetCallerIdentity returned none; set account_id in the provider %q block", p.s.Name)
	}
	return account, nil
}
