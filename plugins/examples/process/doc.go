// Command wsdeploy-provider-process is a complete example provider plugin,
// and a real one: "process" deploys functions as supervised local
// processes behind the system's nginx, for self-hosting a WebSocket
// service without Function Compute.
//
//	provider "process" {
//	  state_dir = "/var/lib/wsdeploy-process"
//	}
//
// Each function's code package is unpacked under the state directory and
// its command (default ./bootstrap) runs there with FC's custom runtime
// contract: FC_SERVER_PORT names the port to listen on. Each HTTP trigger
// is an nginx server on its own loopback port that proxies to the function,
// WebSocket upgrades included; its URL is http://127.0.0.1:<port>/.
//
// The plugin process lives only as long as a wsdeploy command, so the
// processes are kept by a supervisor, the same binary run as
// `wsdeploy-provider-process supervise -state-dir DIR`: the plugin starts it
// when none runs and asks it to converge after every change. The
// supervisor starts nginx with a prefix directory of its own, restarts a
// function whose process exits, and reloads nginx when triggers change.
// `wsdeploy-provider-process stop -state-dir DIR` stops everything.
//
// Custom domains (sdk.CustomDomains) are nginx servers too: every domain
// answers on two loopback listeners of the state directory, plain and TLS
// (their ports chosen once, reported in Info().Domains), chosen by Host and
// TLS server name, each route a location (exact, or a prefix for "/p/*",
// so exact before the longest prefix, as FC matches). The certificate is
// stored beside the domain and the private key in a file only its owner
// reads; reads never return the key.
//
// The stack's lock (sdk.Locker) is a file per locked stack in the state
// directory, tested and set under the store's file lock, so two wsdeploy
// runs of one stack on this machine never write at once. A create that
// finds what it asks for already there (another run made it) succeeds
// and says so (sdk.ReportExisted), so apply does not count it as added.
//
// What FC does that this does not: one instance per function (reserved
// concurrency 0 stops it, other values are recorded; session affinity is
// recorded and trivially holds, every session landing on the one
// instance, and there is no Session API), no instance listing or
// function states (status shows neither), no function timeout beyond
// nginx's idle timeout, anonymous triggers only, no cipher suite choice.
package main
