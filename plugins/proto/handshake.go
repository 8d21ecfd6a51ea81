package proto

import (
	"github.com/hashicorp/go-plugin"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// ProtocolVersion is the protocol's major version: go-plugin's application
// protocol version, which host and plugin agree on in the handshake (the
// plugin announces it on its first line of stdout). It changes only when a
// change would break an existing plugin or host; see provider.proto.
const ProtocolVersion = 1

// ProtocolMinor counts additive revisions within ProtocolVersion; a plugin
// reports the one it was built with through Describe.
//
//	1.0  the Provider interface, Describe, GetSchema, Configure
//	1.1  session affinity on functions, Info's domain endpoint, the custom
//	     domain calls and the session calls
//	1.2  the optional interfaces Instances, States, Tags and Locker
//	     (ListInstances, GetFunctionState, TagFunction, Lock, Unlock,
//	     GetLockHolder) and the existed flag of the create responses
//	1.3  UploadCode: a large code package streamed ahead of the call that
//	     names it (Code.upload), instead of sent whole in one message
const ProtocolMinor = 3

// MinorUploadCode is the minor that added UploadCode; the host streams
// code only to a plugin that reports it or later.
const MinorUploadCode = 3

// PluginName is the name under which a plugin binary serves the provider
// (go-plugin's plugin set key).
const PluginName = "provider"

// Handshake keeps a plugin binary from being run by mistake: go-plugin
// refuses to serve unless the host set the magic cookie in its environment,
// and the cookie tells a wsdeploy provider plugin from another program's.
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  ProtocolVersion,
	MagicCookieKey:   "WSDEPLOY_PROVIDER_PLUGIN",
	MagicCookieValue: "f3c9a8e2-wsdeploy-provider-protocol",
}

// MaxMessageBytes bounds a message both ways: a code package as large as
// FC takes, plus room for the rest of the request. gRPC's default (4 MB)
// would refuse ordinary code packages.
const MaxMessageBytes = fcspec.CodeZipMaxBytes + 1<<20
