package aliyun

import (
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/zclconf/go-cty/cty"
)

// Name is the provider block label of Function Compute.
const Name = "aliyun"

// Schema is the provider "aliyun" block. Credentials normally come from the
// default chain (environment, OIDC, CLI profile, credentials file); the
// explicit keys exist for completeness and are sensitive.
var Schema = providers.Schema{Attributes: []providers.SchemaAttribute{
	{Name: "region", Type: cty.String, Description: "FC region, e.g. cn-hangzhou (default: ALIBABA_CLOUD_REGION_ID)"},
	{Name: "account_id", Type: cty.String, Description: "Alibaba Cloud account id (default: looked up through STS)"},
	{Name: "profile", Type: cty.String, Description: "credentials profile name (default: ALIBABA_CLOUD_PROFILE or default)"},
	{Name: "endpoint", Type: cty.String, Description: "override the FC endpoint, e.g. for a private gateway"},
	{Name: "access_key_id", Type: cty.String, Sensitive: true, Description: "prefer ALIBABA_CLOUD_ACCESS_KEY_ID"},
	{Name: "access_key_secret", Type: cty.String, Sensitive: true, Description: "prefer ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
}}

// DecodeSettings reads a provider "aliyun" block's settings (decoded
// against Schema) into the Settings they set.
func DecodeSettings(settings map[string]cty.Value) Settings {
	setting := func(name string) string { return providers.StringSetting(settings, name) }
	return Settings{
		Region:          setting("region"),
		AccountID:       setting("account_id"),
		Profile:         setting("profile"),
		Endpoint:        setting("endpoint"),
		AccessKeyID:     setting("access_key_id"),
		AccessKeySecret: setting("access_key_secret"),
	}
}
