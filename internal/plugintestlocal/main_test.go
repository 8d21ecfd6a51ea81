package plugintestlocal

import (
	"os"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// Every test here runs the conformance kit, which builds and starts the
// echo function (and, as a plugin, the provider) as processes.
func TestMain(m *testing.M) {
	testtier.Package(testtier.Processes)
	os.Exit(m.Run())
}
