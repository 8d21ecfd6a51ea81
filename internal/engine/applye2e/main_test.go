package applye2e

import (
	"os"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// Every test here applies to a gateway whose functions run as processes.
func TestMain(m *testing.M) {
	testtier.Package(testtier.Gateway)
	os.Exit(m.Run())
}
