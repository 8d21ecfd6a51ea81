package main

import (
	"os"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/plugins/host"
	"github.com/wsdeploy/wsdeploy/plugins/plugintest"
	"github.com/wsdeploy/wsdeploy/providers"
)

// The example passes the conformance kit as wsdeploy runs it: a plugin
// process, through the protocol, with a WebSocket echo through nginx.
func TestConformance(t *testing.T) {
	needNginx(t)
	plugintest.Run(t, func(t testing.TB) providers.Provider { return openPlugin(t, stateDir(t)) })
}

// openPlugin runs the example as wsdeploy does, on the state directory
// dir, until the test ends.
func openPlugin(t testing.TB, dir string) providers.Provider {
	t.Helper()
	logger := hclog.New(&hclog.LoggerOptions{Output: os.Stderr, Level: hclog.Warn})
	p, err := host.Open(ctx, "process", pluginBin, host.Options{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	prov, err := p.Configure(ctx, map[string]cty.Value{"state_dir": cty.StringVal(dir)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return prov
}
