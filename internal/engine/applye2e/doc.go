// Package applye2e holds the tests of internal/engine/apply that run it
// against real providers: the local gateway in process, the aliyun
// provider against it, fault-injecting control APIs. They live outside
// apply's directory because `go mod tidy` in a plugin author's module
// loads the tests of every package the conformance kit imports, apply
// among them; here, the gateway's dependencies (the Alibaba Cloud SDK,
// bbolt, eBPF) stay out of the author's module (internal/plugindeps checks
// it). apply's own unit tests stay beside it.
package applye2e
