package gatewaytest

import (
	"context"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
)

// Start starts a local gateway in process on a fresh state directory,
// serving triggers at once (no propagation delay) unless mod says
// otherwise, and returns the directory.
func Start(tb testing.TB, mod func(*server.Config)) string {
	tb.Helper()
	dir := tb.TempDir()
	cfg := server.Config{StateDir: dir}
	if mod != nil {
		mod(&cfg)
	}
	gw, err := server.Start(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { gw.Shutdown(context.Background()) })
	return dir
}
