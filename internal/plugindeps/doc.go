// Package plugindeps checks that what a plugin author's module depends on
// stays small: the packages an author imports (plugins/sdk, proto, host
// and the conformance kit plugins/plugintest), with the tests that `go mod
// tidy` loads for them, must not reach the Alibaba Cloud SDK, eBPF or
// bbolt, which only wsdeploy's own gateway and aliyun provider need. It is
// only tests.
package plugindeps
