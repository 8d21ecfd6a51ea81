// Package plugintestlocal runs the conformance kit (plugins/plugintest)
// against the bundled local provider, in process and as a plugin, and
// checks how the kit fails against providers that deviate from the
// contract, and that its failures point at the author's test. It is only
// tests: they need the local gateway, whose dependencies (the Alibaba
// Cloud SDK, bbolt) must stay out of what a plugin author's module pulls
// in through the kit, which is why they do not live in plugins/plugintest
// itself (internal/plugindeps checks it).
package plugintestlocal
