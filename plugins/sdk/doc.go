// Package sdk is what a provider plugin's author imports. A plugin is a
// program named wsdeploy-provider-<name> whose main calls Serve with the
// provider block's schema and a Configure function that builds a
// providers.Provider from the block's settings; wsdeploy then plans,
// applies and smoke-tests through it as through a built-in provider.
//
//	func main() {
//		sdk.Serve(sdk.Options{
//			Version: "v0.1.0",
//			Schema: sdk.Schema{Attributes: []sdk.SchemaAttribute{
//				{Name: "endpoint", Type: sdk.String, Required: true},
//			}},
//			Configure: func(ctx context.Context, s sdk.Settings) (sdk.Provider, error) {
//				return newProvider(s.String("endpoint"))
//			},
//		})
//	}
//
// A provider that also implements CustomDomains or Sessions (optional,
// protocol 1.1), Instances, States, Tags or Locker (1.2) has their calls
// served; wsdeploy learns which at Configure. A create that finds its
// resource already there calls ReportExisted. Since protocol 1.3 a large
// code package arrives in an unnamed temporary file (Code.File), checked
// against its size and checksum, which the SDK closes when the call
// returns.
//
// The program's stdout belongs to the plugin protocol's handshake: log with
// Logger (to stderr), which wsdeploy shows in its own log. Test the provider
// with plugins/plugintest. docs/plugins.md is the guide.
package sdk
