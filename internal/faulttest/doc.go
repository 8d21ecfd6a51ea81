// Package faulttest holds the reliability tests that span the local
// gateway's packages: they kill instances and whole gateways with SIGKILL,
// churn thousands of connections, and attack the control API, and check
// that what was promised survives (see docs/RELIABILITY.md). It has no
// code of its own beyond the tests.
package faulttest
