// Package exampletest deploys an example stack the way a user would: the
// wsdeploy binary, built once per test process, applies it to a local
// gateway of the test's own (fresh state directory, no propagation delay),
// and the test talks to the trigger URL with real WebSocket clients.
//
// Clients and servers that come from outside Go (Node packages, Debian's
// python modules, redis-server, Chromium) are installed by `make deps`.
// When one is missing the test is skipped, unless WSDEPLOY_REQUIRE_CLIENTS
// is set (as `make test` and CI do), which turns the skip into a failure.
package exampletest
