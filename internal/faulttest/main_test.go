package faulttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// wsfnPath is the test function's binary (testdata/wsfn), built once.
var wsfnPath string

func TestMain(m *testing.M) {
	// A re-executed test binary is a gateway process that a test can kill.
	if dir := os.Getenv(childEnv); dir != "" {
		if err := runChildGateway(dir); err != nil {
			fmt.Fprintln(os.Stderr, "child gateway:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	testtier.Package(testtier.Gateway)
	// Credential chains must never ask a metadata service.
	os.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	dir, err := os.MkdirTemp("", "faulttest-")
	if err != nil {
		panic(err)
	}
	wsfnPath = filepath.Join(dir, "wsfn")
	if out, err := exec.Command("go", "build", "-o", wsfnPath, "./testdata/wsfn").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building testdata/wsfn: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
