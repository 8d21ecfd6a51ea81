package dataplane

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// The X-Fc-Error-Type values of FC's HTTP triggers.
const (
	ErrorTypeCommon    = "FcCommonError"            // FC refused or failed the request: not billed
	ErrorTypeUnhandled = "UnhandledInvocationError" // the function failed: billed on FC
)

const headerErrorType = "X-Fc-Error-Type"

// The ErrorCode of each refusal. FC documents the statuses and error types
// of its HTTP triggers but not these codes: they are FC's control API codes
// where one fits (AccessDenied, EntityTooLarge, InvalidArgument) and FC 2.0's
// throttling code; the rest are ours (unconfirmed). This is the one place to
// correct them.
const (
	CodeTriggerNotFound     = "TriggerNotFound"     // 404
	CodeFunctionNotFound    = "FunctionNotFound"    // 404
	CodeAccessDenied        = "AccessDenied"        // 403, disableURLInternet
	CodeMethodNotAllowed    = "MethodNotAllowed"    // 403
	CodeInvalidArgument     = "InvalidArgument"     // 400
	CodeEntityTooLarge      = "EntityTooLarge"      // 400
	CodeThrottled           = "ResourceThrottled"   // 429
	CodeInternalError       = "InternalServerError" // 500, injected
	CodeServiceUnavailable  = "ServiceUnavailable"  // 503, injected
	CodeNotSupportedLocally = "NotSupportedLocally" // 501, container or built-in runtime, jwt auth
	CodeFunctionNotStarted  = "FunctionNotStarted"  // 502, the instance failed to start
	CodeFunctionCrashed     = "FunctionCrashed"     // 502, it died or answered nonsense
	CodeFunctionTimeout     = "FunctionTimeout"     // 502, no answer within the timeout
)

// Failure is the gateway's own answer to a request: FC's status, error type
// and JSON body.
type Failure struct {
	Status  int
	Type    string // X-Fc-Error-Type
	Code    string
	Message string
}

func (f *Failure) Error() string {
	return fmt.Sprintf("%d %s %s: %s", f.Status, f.Type, f.Code, f.Message)
}

func fail(status int, code, format string, args ...any) *Failure {
	return &Failure{Status: status, Type: ErrorTypeCommon, Code: code, Message: fmt.Sprintf(format, args...)}
}

func failFunction(code, format string, args ...any) *Failure {
	return &Failure{Status: http.StatusBadGateway, Type: ErrorTypeUnhandled, Code: code, Message: fmt.Sprintf(format, args...)}
}

// errorBody is FC's data-plane error body.
type errorBody struct {
	ErrorCode    string `json:"ErrorCode"`
	ErrorMessage string `json:"ErrorMessage"`
}

// write answers the request with f.
func (f *Failure) write(w http.ResponseWriter) {
	b, _ := json.Marshal(errorBody{f.Code, f.Message}) // strings cannot fail
	h := w.Header()
	h.Set(headerErrorType, f.Type)
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(f.Status)
	_, _ = w.Write(b)
}
