package exampletest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

var (
	buildOnce sync.Once
	buildDir  string // removed by Main
	binPath   string
	buildErr  error
)

// Main runs the tests (none under -short: every example's test runs a
// gateway) and then removes the binary Binary built. Call it from
// TestMain: os.Exit(exampletest.Main(m)).
func Main(m *testing.M) int {
	testtier.Package(testtier.Gateway)
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	return code
}

// Root is the repository root: the directory of go.mod above the test's
// working directory.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// Binary builds wsdeploy once per test process. Each process builds its
// own copy: example packages run in parallel, and a shared bin/wsdeploy
// would be rewritten under another package's running gateway.
func Binary(t testing.TB) string {
	t.Helper()
	root := Root(t) // outside Do: a Fatal inside would leave the Once done
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "wsdeploy-example-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "wsdeploy")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/wsdeploy")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/wsdeploy: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}
