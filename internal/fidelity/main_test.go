package fidelity_test

import (
	"os"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/fidelity"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

func TestMain(m *testing.M) {
	testtier.Package(testtier.Gateway)
	// No credential chain may reach for the ECS metadata service
	// (100.100.100.200): the live tier uses the key pair it is given.
	os.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	code := m.Run()
	fidelity.RemoveBuilds()
	os.Exit(code)
}
