// Package plugintest is the conformance kit every provider must pass. Run
// drives a provider through the lifecycle wsdeploy puts it through, with
// the real engine wherever it can (config.Load of a generated stack,
// plan.Make, apply.Apply): create, read back equal, a plan after apply that
// is empty, a WebSocket echo through the trigger's URL, updates in place
// (settings, code, triggers, reserved concurrency, session affinity),
// destroy, gone. A provider that also implements providers.CustomDomains
// or providers.Sessions has them checked too: a domain created, read,
// listed, updated to HTTPS, reached and deleted; a session opened by a
// connection, listed and ended. The
// first deviation fails the test with a message that names the step, the
// call and the field.
//
//	func TestConformance(t *testing.T) {
//		plugintest.Run(t, func(t testing.TB) providers.Provider {
//			return newProviderForTest(t)
//		})
//	}
//
// The stack's function is plugintest/echo, a WebSocket echo server built
// with the go command from the module the test runs in; a provider runs it
// with FC's custom runtime contract: a bootstrap executable that listens on
// 0.0.0.0:$FC_SERVER_PORT.
package plugintest
