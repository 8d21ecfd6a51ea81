// Package aliyun is the Function Compute 3.0 provider: the official
// fc-20230330 SDK, with credentials from credentials-go. Pointed at the
// local gateway (Settings.Endpoint "127.0.0.1:PORT", Protocol "HTTP", the
// gateway's key pair), the same code is the local provider.
//
// New resolves Settings: credentials from explicit keys, a named profile,
// or the default chain (environment, OIDC, aliyun CLI profile,
// ~/.alibabacloud/credentials, ECS RAM role), resolved once so a missing
// credential fails before any plan; the region from the settings or
// ALIBABA_CLOUD_REGION_ID; the endpoint <account_id>.<region>.fc.aliyuncs.com,
// looking the account id up through STS GetCallerIdentity when it is not
// given. No error text ever holds a secret or token.
//
// The Provider translates between FC's model and providers.Function in one
// normalized form (providers.Normalize): FC's defaults filled, empty maps and lists
// nil, cpu as FC's float32, trigger methods sorted, triggerConfig parsed,
// never compared as text. What a read returns after a write therefore
// equals what was written, which is what keeps a plan after apply empty.
// Ownership is the providers.StackTag tag, set at creation and kept by
// updates (tags change through FC's tag API: UpdateFunction has no tags);
// a function of another stack is neither listed nor updated.
//
// The Provider is also providers.CustomDomains and providers.Sessions:
// custom domains through FC's custom domain API, every field sent on
// update (FC merges), a removed certificate or TLS policy sent empty, the
// private key never in an error; HTTPS without a certificate is refused
// before any call unless the target is the local gateway, which issues
// one. Session affinity is a function's sessionAffinity and its JSON
// sessionAffinityConfig, turned off with NONE as fc3 does.
//
// Every call goes through call.go: throttling, 429 and 5xx answers and
// network failures are retried with exponential backoff and full jitter,
// bounded in attempts and time (RetryPolicy); other errors fail at once as
// an *APIError printed like
// "FC CreateFunction: FunctionAlreadyExists (409): ... (request id ...)".
// Retries are safe because every operation tolerates a repeat: a create
// that meets AlreadyExists reads the resource back and accepts it when it
// is the one being created, and a delete that meets NotFound after a retry
// is done. The SDK's shared default HTTP client races under parallel calls;
// the Provider brings its own (httpclient.go), and serialises the
// credentials providers, which cache without locks.
//
// CreateFunction and UpdateFunction carry the code, which may be 100 MB as
// sent; the SDK can sign only a body it holds whole, so these two requests
// are built and signed as the SDK would (send.go), with a body encoded from
// the code package's file as it is sent (code.go): an upload costs buffers,
// not the code's size.
package aliyun
