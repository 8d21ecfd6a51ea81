// Package testtier sorts the tests into tiers. `go test -short ./...` is the
// unit tier: about a minute, in process, nothing installed beyond Go. The
// rest (tests that start processes, a gateway process, a browser, Redis, or
// that measure latency or memory) run in `make test`, which CI runs.
//
// A test of a higher tier says so on its first line, e.g.
//
//	func TestE2EDeploy(t *testing.T) {
//		testtier.NeedsProcesses(t)
//
// and a package whose tests are all of one tier says so once, in TestMain:
//
//	func TestMain(m *testing.M) {
//		testtier.Package(testtier.Gateway)
//		os.Exit(m.Run())
//	}
//
// Each marker skips under -short and names the reason, so a skipped test
// says what it would have needed. What a test needs installed (Chromium,
// Redis, python3-websockets, ...) is for [Require]: `make deps` installs it.
package testtier
