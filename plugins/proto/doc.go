// Package proto is the provider plugin protocol: provider.proto, the Go code
// generated from it (provider.pb.go, provider_grpc.pb.go; `make proto`
// regenerates both), and what both ends of the wire share beside it: the
// go-plugin handshake and protocol versions, the conversions between
// providers' Go types and the messages, and how errors cross the wire.
//
// plugins/host is the wsdeploy end (a gRPC client adapted to
// providers.Provider); plugins/sdk is the plugin end (a gRPC server over a
// providers.Provider). Plugin authors import the SDK, not this package.
package proto
