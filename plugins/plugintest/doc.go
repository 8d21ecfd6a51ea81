// Package plugintest is the conformance kit every provider must pass. Run
// drives a provider through the lifecycle wsdeploy puts it through, with
// the real engine wherever it can (config.Load of a generated stack,
// plan.Make, apply.Apply): create, read back equal, a plan after apply that
// is empty, a WebSocket echo through the trigger's URL, updates in place
// (settings, code, triggers, reserved concurrency, session affinity),
// destroy, gone; then a plan made before another run created its
// resources, applied: the provider refuses the creates or reports that it
// found them (providers.ReportExisted), never that it made them. A
// provider that also implements an optional interface has it checked
// too: providers.CustomDomains (a domain created, read, listed, updated to
// HTTPS, reached and deleted), Sessions (a session opened by a connection,
// listed and ended), States and Instances (the function Active, a held
// connection on a live instance), Tags (a tag written alone, another
// stack's tag refused) and Locker (taken, refused to another run with the
// holder named, released). The first deviation fails the test with a
// message that names the step, the call and the field.
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
