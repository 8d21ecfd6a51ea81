package echopython_test

import (
	"os"
	"testing"

	"github.com/wsdeploy/wsdeploy/examples/internal/exampletest"
)

func TestMain(m *testing.M) { os.Exit(exampletest.Main(m)) }

// The example as a user deploys it: validate, apply to a local gateway,
// echo through the trigger, an empty second plan, destroy.
func TestDeploy(t *testing.T) {
	exampletest.RequirePython(t, "websockets")
	gw := exampletest.StartGateway(t)
	gw.LogsOnFailure(t, "echo-python")

	gw.Validate(t, ".")
	url := exampletest.URL(t, gw.Apply(t, "."), "url")
	exampletest.CheckEcho(t, url)
	gw.ExpectNoChanges(t, ".")
	gw.Destroy(t, ".")
}
