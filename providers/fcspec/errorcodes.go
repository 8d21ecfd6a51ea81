package fcspec

import "sort"

// Code is an error code in FC's answers: the "Code" of a control API error
// body, the "ErrorCode" of an HTTP trigger's. Every code the gateway
// answers with and every code the provider or the smoke test acts on is
// declared here, with its status on each plane and whether that is
// confirmed: the one place to correct them.
type Code string

// Error codes of FC's control API (FC 3.0 "error codes" reference, FC-REFERENCE.md
// sections 1 and 4) and of Alibaba Cloud's API gateway (POP) in front of it.
const (
	CodeInvalidArgument       Code = "InvalidArgument"
	CodeMissingRequiredHeader Code = "MissingRequiredHeader"
	CodePathNotSupported      Code = "PathNotSupported"
	CodeEntityTooLarge        Code = "EntityTooLarge"
	CodeLimitExceeded         Code = "LimitExceededError"
	CodeAccessDenied          Code = "AccessDenied"
	CodeFunctionNotFound      Code = "FunctionNotFound"
	CodeTriggerNotFound       Code = "TriggerNotFound"
	CodeFunctionAlreadyExists Code = "FunctionAlreadyExists"
	CodeTriggerAlreadyExists  Code = "TriggerAlreadyExists"
	CodeFunctionNotEmpty      Code = "FunctionNotEmpty"
	CodeConcurrentUpdate      Code = "ConcurrentUpdateError"
	CodeResourceExhausted     Code = "ResourceExhausted"
	CodeResourceThrottled     Code = "ResourceThrottled"
	CodeClientClosedRequest   Code = "ClientClosedRequest"
	CodeInternalServerError   Code = "InternalServerError"
	CodeServiceUnavailable    Code = "ServiceUnavailable"
	CodeThrottling            Code = "Throttling"
	// Custom domains ("error codes" reference of FC 2.0 and 3.0).
	CodeDomainNameNotFound      Code = "DomainNameNotFound"
	CodeDomainNameAlreadyExists Code = "DomainNameAlreadyExists"
	// The Session API's (names unconfirmed: FC's error code reference
	// lists none for sessions).
	CodeSessionNotFound      Code = "SessionNotFound"
	CodeSessionAlreadyExists Code = "SessionAlreadyExists"

	// POP's signature refusals (ACS3-HMAC-SHA256).
	CodeIncompleteSignature   Code = "IncompleteSignature"
	CodeSignatureDoesNotMatch Code = "SignatureDoesNotMatch"
	CodeAccessKeyNotFound     Code = "InvalidAccessKeyId.NotFound"
	CodeTimeStampFormat       Code = "InvalidTimeStamp.Format"
	CodeTimeStampExpired      Code = "InvalidTimeStamp.Expired"
	CodeNonceUsed             Code = "SignatureNonceUsed"
	CodeContentSHA256Mismatch Code = "ContentSHA256Mismatch"
)

// Error codes of HTTP triggers (the data plane).
const (
	CodeSignatureNotMatch    Code = "SignatureNotMatch"
	CodeInvalidAccessKeyID   Code = "InvalidAccessKeyID"
	CodeRequestTimeTooSkewed Code = "RequestTimeTooSkewed"
	CodeMethodNotAllowed     Code = "MethodNotAllowed"
	CodeFunctionNotStarted   Code = "FunctionNotStarted"
	CodeFunctionCrashed      Code = "FunctionCrashed"
	CodeFunctionTimeout      Code = "FunctionTimeout"
	CodeCAFileNotFound       Code = "CAFileNotFound"
	CodeCAFilePermission     Code = "CAFilePermission"
	CodeCAExited             Code = "CAExited"
	// CodeInitializerFailed: the instance's Initializer answered non-2xx
	// or not within its timeout (see ErrorTypeInitialization).
	CodeInitializerFailed Code = "InitializerFailed"
	// CodeNotSupportedLocally is the local gateway's own: what it cannot
	// run (containers, built-in runtimes, jwt auth). FC never answers it.
	CodeNotSupportedLocally Code = "NotSupportedLocally"
	// CodeRouteNotFound: a custom domain has no route for the request's
	// path.
	CodeRouteNotFound Code = "RouteNotFound"
)

// codeFacts is what is known of one code: its status on the control API
// and on HTTP triggers (0: not used there) and, when any of it is not
// confirmed by FC's documentation, what stays unconfirmed.
type codeFacts struct {
	control, trigger int
	unconfirmed      string
}

var codes = map[Code]codeFacts{
	CodeInvalidArgument:         {control: 400, trigger: 400},
	CodeMissingRequiredHeader:   {control: 400, trigger: 400},
	CodePathNotSupported:        {control: 400},
	CodeEntityTooLarge:          {control: 400, trigger: 400},
	CodeLimitExceeded:           {control: 400},
	CodeAccessDenied:            {control: 403, trigger: 403},
	CodeFunctionNotFound:        {control: 404, trigger: 404, unconfirmed: "the trigger plane's code for a deleted function"},
	CodeTriggerNotFound:         {control: 404, trigger: 404, unconfirmed: "the trigger plane's code for an unknown URL"},
	CodeFunctionAlreadyExists:   {control: 409},
	CodeTriggerAlreadyExists:    {control: 409},
	CodeFunctionNotEmpty:        {control: 409, unconfirmed: "the status: FC documents the code without one"},
	CodeConcurrentUpdate:        {control: 409},
	CodeResourceExhausted:       {control: 429, trigger: 429},
	CodeResourceThrottled:       {control: 503, trigger: 503},
	CodeClientClosedRequest:     {control: 499, trigger: 499, unconfirmed: "on triggers: the client has gone, so only logs and metrics see it"},
	CodeInternalServerError:     {control: 500, trigger: 500},
	CodeServiceUnavailable:      {control: 503, trigger: 503, unconfirmed: "FC documents 503 ResourceThrottled; ServiceUnavailable is the generic code of Alibaba Cloud's front end"},
	CodeThrottling:              {control: 429, trigger: 429, unconfirmed: "FC 2.0's and POP's throttling code; FC 3.0 documents ResourceExhausted"},
	CodeDomainNameNotFound:      {control: 404, trigger: 404, unconfirmed: "on the data plane: FC documents the control API's answer, not what a request to an unknown host gets"},
	CodeDomainNameAlreadyExists: {control: 409},
	CodeSessionNotFound:         {control: 404, unconfirmed: "the code and status: FC's reference names none for an unknown session"},
	CodeSessionAlreadyExists:    {control: 409, unconfirmed: "the code and status: FC's reference names none for CreateSession of an active id"},

	CodeIncompleteSignature:   {control: 400, unconfirmed: "that FC 3.0 answers through POP with POP's codes and statuses (FC 2.0 used 403 SignatureNotMatch)"},
	CodeSignatureDoesNotMatch: {control: 400, unconfirmed: "as IncompleteSignature"},
	CodeAccessKeyNotFound:     {control: 404, unconfirmed: "as IncompleteSignature"},
	CodeTimeStampFormat:       {control: 400, unconfirmed: "as IncompleteSignature"},
	CodeTimeStampExpired:      {control: 400, unconfirmed: "as IncompleteSignature"},
	CodeNonceUsed:             {control: 400, trigger: 403, unconfirmed: "as IncompleteSignature; on triggers, FC documents 403 for an invalid signature only"},
	CodeContentSHA256Mismatch: {control: 400, trigger: 403, unconfirmed: "the name is ours: POP's code for a body that does not match x-acs-content-sha256 is unknown"},

	CodeSignatureNotMatch:    {trigger: 403, unconfirmed: "FC documents the status (403, invalid signature), not the code: this is FC 2.0's"},
	CodeInvalidAccessKeyID:   {trigger: 403, unconfirmed: "FC documents the status, not the code: this is FC 2.0's"},
	CodeRequestTimeTooSkewed: {trigger: 403, unconfirmed: "FC documents 403 for a Date more than 15 minutes off, not the code: this is OSS's name"},
	CodeMethodNotAllowed:     {trigger: 403, unconfirmed: "FC documents the status of a method the trigger does not allow, not the code"},
	CodeFunctionNotStarted:   {trigger: 502, unconfirmed: "the code; FC documents 502 UnhandledInvocationError"},
	CodeFunctionCrashed:      {trigger: 502, unconfirmed: "the code; FC documents 502 UnhandledInvocationError"},
	CodeFunctionTimeout:      {trigger: 502, unconfirmed: "the code; FC documents 502 UnhandledInvocationError"},
	CodeCAFileNotFound:       {trigger: 412},
	CodeCAFilePermission:     {trigger: 412},
	CodeCAExited:             {trigger: 412},
	CodeInitializerFailed:    {trigger: 200, unconfirmed: "the code is ours; FC documents that a failed or timed-out Initializer is answered 200 with X-Fc-Error-Type InitializationError and an error message, in the custom runtime hooks page, without saying what a WebSocket handshake gets"},
	CodeNotSupportedLocally:  {trigger: 501, unconfirmed: "the local gateway's own: FC never answers it"},
	CodeRouteNotFound:        {trigger: 404, unconfirmed: "the code is ours: FC documents no answer for a path that no route of a custom domain matches"},
}

// ControlStatus is the HTTP status of c on FC's control API, 0 if FC's
// control API does not answer with c.
func (c Code) ControlStatus() int { return codes[c].control }

// TriggerStatus is the HTTP status of c on an HTTP trigger, 0 if triggers
// do not answer with c.
func (c Code) TriggerStatus() int { return codes[c].trigger }

// Unconfirmed says what of c's facts FC's documentation does not confirm,
// "" when all of it is documented.
func (c Code) Unconfirmed() string { return codes[c].unconfirmed }

// Known reports whether c is in the catalogue.
func (c Code) Known() bool { _, ok := codes[c]; return ok }

// Codes lists the catalogue, sorted.
func Codes() []Code {
	out := make([]Code, 0, len(codes))
	for c := range codes {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// ErrorType is the X-Fc-Error-Type header of an HTTP trigger's error answer.
type ErrorType string

const (
	// ErrorTypeCommon: FC refused or failed the request (not billed).
	ErrorTypeCommon ErrorType = "FcCommonError"
	// ErrorTypeUnhandled: the function failed (billed on FC).
	ErrorTypeUnhandled ErrorType = "UnhandledInvocationError"
)

// HeaderErrorType is the header that carries an ErrorType.
const HeaderErrorType = "X-Fc-Error-Type"
