// Package gatewaytest starts a local gateway inside a test process, on a
// state directory of the test's own, and stops it when the test ends: the
// real control API, data plane and instances, on loopback.
package gatewaytest
