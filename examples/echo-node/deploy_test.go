package echonode_test

import (
	"os"
	"testing"

	"github.com/wsdeploy/wsdeploy/examples/internal/exampletest"
)

func TestMain(m *testing.M) { os.Exit(exampletest.Main(m)) }

// The example as a user deploys it: validate, apply to a local gateway
// (src/node_modules travels in the code zip), echo through the trigger, an
// empty second plan, destroy. The code is written as for FC (a bootstrap
// that runs /code/server.mjs, a server on 0.0.0.0:9000 that reads
// /code/greeting.txt) and runs unmodified.
func TestDeploy(t *testing.T) {
	exampletest.RequireNodeModules(t, "src", "ws")
	gw := exampletest.StartGateway(t)
	gw.RequireSandbox(t)
	gw.LogsOnFailure(t, "echo-node")

	gw.Validate(t, ".")
	url := exampletest.URL(t, gw.Apply(t, "."), "url")
	exampletest.CheckEcho(t, url)
	exampletest.WhoAmI(t, exampletest.Dial(t, url, "/"), 9000, "src/greeting.txt")
	gw.ExpectNoChanges(t, ".")
	gw.Destroy(t, ".")
}
