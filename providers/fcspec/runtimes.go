package fcspec

import "strings"

// FC's runtimes that run the function's own HTTP server.
const (
	RuntimeCustom         = "custom"
	RuntimeCustomDebian10 = "custom.debian10"
	RuntimeCustomDebian11 = "custom.debian11"
	RuntimeCustomDebian12 = "custom.debian12"
	// CustomContainer is the runtime of functions that run a container image.
	CustomContainer = "custom-container"
)

// DefaultRuntime is the custom runtime wsdeploy uses when a function names none.
const DefaultRuntime = RuntimeCustomDebian12

// WebSocketRuntimes are the runtimes that can serve WebSocket on FC: the
// function runs its own HTTP server (custom runtimes) or image.
var WebSocketRuntimes = []string{RuntimeCustom, RuntimeCustomDebian10, RuntimeCustomDebian11, RuntimeCustomDebian12, CustomContainer}

// BuiltinRuntimes are FC's language runtimes. They invoke a handler per
// request and cannot hold a WebSocket connection.
var BuiltinRuntimes = []string{
	"nodejs12", "nodejs14", "nodejs16", "nodejs18", "nodejs20",
	"python3", "python3.9", "python3.10", "python3.12",
	"java8", "java11", "php7.2", "dotnetcore3.1", "go1",
}

// IsCustomRuntime reports whether rt runs a user-supplied server from a code
// package (not a container).
func IsCustomRuntime(rt string) bool {
	return rt == RuntimeCustom || strings.HasPrefix(rt, RuntimeCustom+".")
}

// ServesWebSocket reports whether rt can carry WebSocket connections.
func ServesWebSocket(rt string) bool {
	for _, r := range WebSocketRuntimes {
		if r == rt {
			return true
		}
	}
	return false
}

// IsBuiltinRuntime reports whether rt is one of FC's language runtimes.
func IsBuiltinRuntime(rt string) bool {
	for _, r := range BuiltinRuntimes {
		if r == rt {
			return true
		}
	}
	return false
}
