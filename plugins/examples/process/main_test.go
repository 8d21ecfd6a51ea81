package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// pluginBin is this example built once, named as wsdeploy finds it.
var pluginBin string

func TestMain(m *testing.M) {
	testtier.Package(testtier.Processes)
	dir, err := os.MkdirTemp("", "process-plugin-test")
	if err != nil {
		panic(err)
	}
	pluginBin = filepath.Join(dir, "wsdeploy-provider-process")
	if out, err := exec.Command("go", "build", "-o", pluginBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the plugin: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// needNginx skips without nginx, unless CI requires every client
// (WSDEPLOY_REQUIRE_CLIENTS, set by make test): then it fails.
func needNginx(t *testing.T) {
	t.Helper()
	if _, err := findNginx(""); err != nil {
		if os.Getenv("WSDEPLOY_REQUIRE_CLIENTS") != "" {
			t.Fatalf("%v; WSDEPLOY_REQUIRE_CLIENTS is set, so this is a failure", err)
		}
		t.Skipf("%v; set WSDEPLOY_REQUIRE_CLIENTS=1 to make this a failure", err)
	}
}

// stateDir is a fresh state directory whose supervisor (if the test
// starts one) is stopped at the end.
func stateDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	t.Cleanup(func() {
		if out, err := exec.Command(pluginBin, "stop", "-state-dir", dir).CombinedOutput(); err != nil {
			t.Errorf("stopping the supervisor: %v\n%s", err, out)
		}
	})
	return dir
}

var ctx = context.Background()
