package dataplane

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// wsfuncBin is testdata/wsfunc, built once per test binary.
var wsfuncBin string

// testGoroutineRelay is Config.GoroutineRelay for the planes of newEnv.
var testGoroutineRelay bool

// waitLimit bounds every wait for a real event, generously for a busy
// 2-core machine; no test waits for it unless something is wrong.
const waitLimit = 30 * time.Second

func TestMain(m *testing.M) {
	if testtier.Short() {
		os.Exit(m.Run()) // wsfunc is for newEnv's tests, which -short skips
	}
	dir, err := os.MkdirTemp("", "wsfunc")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	wsfuncBin = filepath.Join(dir, "wsfunc")
	build := exec.Command("go", "build", "-o", wsfuncBin, "./testdata/wsfunc")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the test function: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
