package fcspec

import "time"

// Instance lifecycle hooks of a custom runtime (instanceLifecycleConfig;
// FC docs "Function instance lifecycle hooks", custom runtime): FC calls
// the instance's own server, with the common x-fc-* request headers and no
// body, and takes any 2xx as success.
const (
	// The Initializer: sent to a new instance before anything is routed
	// to it; nothing is until it answers 2xx within its timeout.
	InitializeMethod, InitializePath = "POST", "/initialize"
	// The PreStop hook: sent before FC freezes or destroys an instance,
	// which is stopped once it answers or its timeout passes.
	PreStopMethod, PreStopPath = "GET", "/pre-stop"

	// PreStopTimeoutMax bounds preStop.timeout, in seconds (FC-REFERENCE.md
	// section 4).
	PreStopTimeoutMax = 90
	// DefaultHookTimeout is a hook's timeout when the function names none
	// (unconfirmed: FC's console proposes 3 s; the API documents no default).
	DefaultHookTimeout = 3 * time.Second
)

// ErrorTypeInitialization is the X-Fc-Error-Type of a request that found
// its instance's Initializer failed or timed out. FC documents that such a
// request is answered 200 with this header and an error message in the
// body ("Function instance lifecycle hooks"); see CodeInitializerFailed.
const ErrorTypeInitialization ErrorType = "InitializationError"

// The role's credentials as FC passes them to an instance of a function
// with a role: in its environment, and on every request in headers.
const (
	EnvAccessKeyID     = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	EnvAccessKeySecret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	EnvSecurityToken   = "ALIBABA_CLOUD_SECURITY_TOKEN"

	HeaderAccessKeyID     = "X-Fc-Access-Key-Id"
	HeaderAccessKeySecret = "X-Fc-Access-Key-Secret"
	HeaderSecurityToken   = "X-Fc-Security-Token"

	// STSAccessKeyPrefix starts every access key id STS issues.
	STSAccessKeyPrefix = "STS."
)
