package testtier

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// Tier names what a test needs beyond the unit tier; it is the reason a
// skipped test gives.
type Tier string

const (
	Processes Tier = "starts processes (builds and runs binaries or function instances)"
	Gateway   Tier = "runs a local gateway process"
	Latency   Tier = "measures latency, memory or load, or waits out real timeouts"
)

// Skip skips t under -short, giving the tier as the reason.
func Skip(t testing.TB, tier Tier) {
	t.Helper()
	if testing.Short() {
		t.Skipf("-short runs the unit tier; this test %s (go test without -short, or make test)", tier)
	}
}

// NeedsProcesses marks a test that starts processes.
func NeedsProcesses(t testing.TB) { t.Helper(); Skip(t, Processes) }

// NeedsGateway marks a test that runs a gateway as a child process.
func NeedsGateway(t testing.TB) { t.Helper(); Skip(t, Gateway) }

// MeasuresLatency marks a test that measures time, memory or load, or
// waits out real timeouts: slow, and meaningful only without -short.
func MeasuresLatency(t testing.TB) { t.Helper(); Skip(t, Latency) }

// Package is for TestMain of a package whose tests are all of one tier:
// under -short it says so and exits 0 before any test runs.
func Package(tier Tier) {
	if Short() {
		fmt.Printf("-short runs the unit tier; every test of this package %s: skipped\n", tier)
		os.Exit(0)
	}
}

// EnvRequire makes a missing dependency a failure instead of a skip; make
// test sets it, so CI cannot pass by skipping.
const EnvRequire = "WSDEPLOY_REQUIRE_CLIENTS"

// Require skips t when why is not empty (what it needs is missing), naming
// make deps, unless EnvRequire is set: then it fails.
func Require(t testing.TB, what, why string) {
	t.Helper()
	if why == "" {
		return
	}
	if os.Getenv(EnvRequire) != "" {
		t.Fatalf("%s: %s; %s is set, so this is a failure", what, why, EnvRequire)
	}
	t.Skipf("%s: %s (make deps installs it); set %s=1 to make this a failure", what, why, EnvRequire)
}

// Short reports -short from TestMain, before m.Run has parsed the flags:
// a package whose setup builds helpers only its marked tests use can skip
// the build.
func Short() bool {
	if !flag.Parsed() {
		flag.Parse()
	}
	return testing.Short()
}
