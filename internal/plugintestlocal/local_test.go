package plugintestlocal

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/internal/gatewaytest"
	"github.com/wsdeploy/wsdeploy/plugins/host"
	"github.com/wsdeploy/wsdeploy/plugins/plugintest"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// gateway starts a local gateway in process on a fresh state directory,
// serving triggers at once (no propagation delay), and returns the
// directory.
func gateway(t testing.TB) string {
	t.Helper()
	return gatewaytest.Start(t, nil)
}

// The local provider passes the kit in process.
func TestLocalProviderInProcess(t *testing.T) {
	plugintest.Run(t, func(t testing.TB) providers.Provider {
		p, _, err := local.New(context.Background(), local.Settings{StateDir: gateway(t), NoStart: true})
		if err != nil {
			t.Fatal(err)
		}
		return p
	})
}

// The local provider passes the kit as a plugin: out of process, every
// call through the protocol.
func TestLocalProviderAsPlugin(t *testing.T) {
	bin := filepath.Join(t.TempDir(), host.Prefix+"local")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/localplugin").CombinedOutput(); err != nil {
		t.Fatalf("building the plugin: %v\n%s", err, out)
	}
	plugintest.Run(t, func(t testing.TB) providers.Provider {
		dir := gateway(t)
		logger := hclog.New(&hclog.LoggerOptions{Output: os.Stderr, Level: hclog.Warn})
		p, err := host.Open(context.Background(), "local", bin, host.Options{Logger: logger})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		prov, err := p.Configure(context.Background(), map[string]cty.Value{"state_dir": cty.StringVal(dir)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return prov
	})
}
