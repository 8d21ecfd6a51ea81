// Package locke2e holds the tests of internal/engine/lock that run it
// against the local provider and its gateway. They live outside lock's
// directory because `go mod tidy` in a plugin author's module loads the
// tests of every package the conformance kit imports, lock among them;
// here, the gateway's dependencies (the Alibaba Cloud SDK, bbolt) stay out
// of the author's module (internal/plugindeps checks it).
package locke2e
