// Command gwplugin serves the bundled local provider, on the gateway a
// test started, as a provider plugin: the end-to-end tests deploy through
// it to see that what wsdeploy does on a built-in provider (the stack's
// lock, status's instances) it does through a plugin.
package main

import (
	"context"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

func main() {
	sdk.Serve(sdk.Options{
		Version: "e2e",
		Schema:  local.Schema,
		Configure: func(ctx context.Context, s sdk.Settings) (sdk.Provider, error) {
			p, _, err := local.New(ctx, local.Settings{StateDir: s.String("state_dir"), NoStart: true})
			if err != nil {
				return nil, err
			}
			return p, nil
		},
	})
}
