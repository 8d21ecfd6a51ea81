// Package plugintestlocal runs the conformance kit (plugins/plugintest)
// against the bundled local provider, in process and as a plugin, and
// checks how the kit fails against providers that deviate from the
// contract. It is only tests: they need the local gateway, whose
// dependencies (the Alibaba Cloud SDK, bbolt, eBPF) must stay out of what
// a plugin author's module pulls in through the kit, which is why they do
// not live in plugins/plugintest itself (see plugins/deps_test.go).
package plugintestlocal
