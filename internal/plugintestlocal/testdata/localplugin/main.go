package main

import (
	"context"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

func main() {
	sdk.Serve(sdk.Options{
		Version: "test",
		Schema:  local.Schema,
		Configure: func(ctx context.Context, s sdk.Settings) (sdk.Provider, error) {
			// The test runs the gateway; the plugin only talks to it.
			p, _, err := local.New(ctx, local.Settings{StateDir: s.String("state_dir"), Address: s.String("address"), NoStart: true})
			if err != nil {
				return nil, err
			}
			return p, nil
		},
	})
}
