package echogo_test

import (
	"os"
	"testing"

	"github.com/wsdeploy/wsdeploy/examples/internal/exampletest"
)

func TestMain(m *testing.M) { os.Exit(exampletest.Main(m)) }

// The example as a user deploys it: validate, apply to a local gateway (the
// build block compiles dist/bootstrap), echo through the trigger, an empty
// second plan (the rebuilt binary zips to the same CRC-64), destroy.
func TestDeploy(t *testing.T) {
	gw := exampletest.StartGateway(t)
	gw.LogsOnFailure(t, "echo")

	gw.Validate(t, ".")
	url := exampletest.URL(t, gw.Apply(t, "."), "url")
	exampletest.CheckEcho(t, url)
	gw.ExpectNoChanges(t, ".")
	gw.Destroy(t, ".")
}
