package plugintestlocal

import (
	"testing"

	"github.com/wsdeploy/wsdeploy/plugins/plugintest"
	"github.com/wsdeploy/wsdeploy/providers"
)

// authorsTest is a plugin author's conformance test of a provider with the
// deviation wrap: the kit's failure must be reported at the call below
// (TestKitFailuresPointAtTheAuthorsTest), not inside the kit.
func authorsTest(t *testing.T, wrap func(providers.Provider) providers.Provider) {
	p := localProvider(t)
	plugintest.Run(t, func(testing.TB) providers.Provider { return wrap(p) }) // the failure's line
}
