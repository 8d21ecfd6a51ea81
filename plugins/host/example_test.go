package host_test

import (
	"context"
	"fmt"
	"log"

	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/plugins/host"
)

// Open starts a plugin and completes the handshake; Configure sends it the
// provider block's settings and returns the provider to deploy with.
// docs/plugins.md quotes this body, and TestDocsQuoteExampleOpen keeps
// the two the same.
func ExampleOpen() {
	ctx := context.Background()
	p, err := host.Open(ctx, "acme", "./wsdeploy-provider-acme", host.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close() // stops the plugin and whatever it started
	prov, err := p.Configure(ctx, map[string]cty.Value{"endpoint": cty.StringVal("http://127.0.0.1:8080")}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(prov.Info().Name)
}
