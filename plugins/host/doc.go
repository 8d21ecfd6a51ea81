// Package host is wsdeploy's end of provider plugins: it finds
// wsdeploy-provider-<name> executables (Search), starts one with go-plugin
// over gRPC and checks its handshake and protocol version (Open), reads its
// schema, configures it, and adapts it to providers.Provider, so that the
// engine drives a plugin as it drives a built-in provider. The adapter
// also implements the optional interfaces (providers.CustomDomains and
// Sessions since protocol 1.1; Instances, States, Tags and Locker since
// 1.2) exactly when the plugin's Configure says its provider does
// (optional.go), passes on a create's report that it found its resource
// already there, and masks a certificate's private key in the errors of
// the domain calls. To a plugin of 1.3 or later it streams a large code
// package ahead of the call that uses it (upload.go), so that the zip is
// never whole in wsdeploy's memory.
//
// Every way a plugin can misbehave ends in an error that names the plugin
// and says what to do, never in a hang: starting is bounded by
// Options.StartTimeout and each call by Options.CallTimeout; a plugin that
// exits is reported with the last lines it wrote to stderr; Close kills it
// and its process group.
package host
