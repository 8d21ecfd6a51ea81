package local

import (
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/zclconf/go-cty/cty"
)

// Name is the provider block label of the bundled local gateway.
const Name = "local"

// Schema is the provider "local" block.
var Schema = providers.Schema{Attributes: []providers.SchemaAttribute{
	{Name: "state_dir", Type: cty.String, Description: "the gateway's state directory (default: ~/.local/state/wsdeploy/gateway)"},
	{Name: "address", Type: cty.String, Description: "host:port of a running gateway's control API (default: read from state_dir/gateway.json)"},
}}

// DecodeSettings reads a provider "local" block's settings (decoded against
// Schema) into the Settings they set; how to start a gateway is the
// caller's to add.
func DecodeSettings(settings map[string]cty.Value) Settings {
	return Settings{
		StateDir: providers.StringSetting(settings, "state_dir"),
		Address:  providers.StringSetting(settings, "address"),
	}
}
