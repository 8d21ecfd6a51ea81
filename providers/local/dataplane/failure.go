package dataplane

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
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
	CodeResourceExhausted   = "ResourceExhausted"   // 429, the function's or the account's concurrency
	CodeResourceThrottled   = "ResourceThrottled"   // 503, the platform's own capacity
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
	// Detail is what the gateway knows of a function's failure: exec
	// errors, paths, the instance's output, which may hold its PATH or
	// secrets. It goes to the function's log and the gateway's (see
	// logDetail), never to the client, who gets FC's Message only.
	Detail string
	in     *inst // whose function's log gets Detail
}

func (f *Failure) Error() string {
	return fmt.Sprintf("%d %s %s: %s", f.Status, f.Type, f.Code, f.Message)
}

func fail(status int, code, format string, args ...any) *Failure {
	return &Failure{Status: status, Type: ErrorTypeCommon, Code: code, Message: fmt.Sprintf(format, args...)}
}

// failFunction is FC's 502 for a failure of the function on instance in:
// the client gets FC's message for code, the formatted detail goes to the
// logs.
func failFunction(in *inst, code, format string, args ...any) *Failure {
	return &Failure{Status: http.StatusBadGateway, Type: ErrorTypeUnhandled, Code: code,
		Message: functionMessages[code], Detail: fmt.Sprintf(format, args...), in: in}
}

// functionMessages are the client's messages of failFunction's codes, in
// the words of FC's custom runtime documentation where it has them.
var functionMessages = map[string]string{
	CodeFunctionNotStarted: "The function cannot be started. Failed to start function instance; the function's log (wsdeploy logs) says why",
	CodeFunctionCrashed:    "Process exited unexpectedly before completing request; the function's log (wsdeploy logs) says why",
	CodeFunctionTimeout:    "The function did not answer within its timeout",
}

// streamGateway is the stream of the lines the gateway itself writes to a
// function's log, beside the instances' stdout and stderr.
const streamGateway = "gateway"

// logDetail writes f's detail, if any, to the function's log and the
// gateway's, under the request id the client got.
func (f *Failure) logDetail(requestID string) {
	if f.Detail == "" || f.in == nil {
		return
	}
	p, fn, id := f.in.f.p, f.in.spec.Name, f.in.id
	p.cfg.Logger.Warn("function failed", "function", fn, "instance", id, "request", requestID, "code", f.Code, "detail", f.Detail)
	p.functionLog(fn, id, fmt.Sprintf("request %s answered %d %s: %s", requestID, f.Status, f.Code, f.Detail))
}

// functionLog writes text to the function's log (wsdeploy logs), one entry
// per line.
func (p *Plane) functionLog(fn, instanceID, text string) {
	if p.cfg.LogSink == nil {
		return
	}
	now := p.clock.Now()
	for _, l := range strings.Split(text, "\n") {
		p.cfg.LogSink.Line(fn, instanceID, streamGateway, now, l)
	}
}

// errorBody is FC's data-plane error body.
type errorBody struct {
	ErrorCode    string `json:"ErrorCode"`
	ErrorMessage string `json:"ErrorMessage"`
}

// answer answers r with f, its detail logged first so that a client who
// got the answer finds it in the log. A body the client has not finished
// sending is given up: Go's server would read up to 256 KiB more of it
// before it answers, for as long as the client stalls; with the read
// ended it answers at once and closes the connection. A request without a
// body keeps its connection.
func (f *Failure) answer(w http.ResponseWriter, r *http.Request) {
	f.logDetail(w.Header().Get(headerRequestID))
	if r.ContentLength != 0 {
		bodyDeadline(r, time.Now())
	}
	f.write(w)
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
