// Package server assembles the local gateway: the state directory and its
// key pair, the durable store, the FC control API (signed requests only),
// the data plane that serves every HTTP trigger on its own loopback port,
// the billing meter and Prometheus metrics, the one unsigned endpoint that
// proves to a client that this process is the state directory's gateway
// (statedir.IdentityPath), and a clean shutdown that stops
// every instance. It turns the control API's change events into data-plane
// configuration, applying FC's propagation delay to trigger changes.
package server
