package dataplane

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Failure is the gateway's own answer to a request: FC's status, error type
// and JSON body.
type Failure struct {
	Status  int
	Type    fcspec.ErrorType
	Code    fcspec.Code
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

// fail is FC's refusal with code, at the status the catalogue gives it on
// HTTP triggers. FC documents the statuses and error types of its
// triggers, not their codes: fcspec says which codes are unconfirmed.
func fail(code fcspec.Code, format string, args ...any) *Failure {
	return &Failure{Status: code.TriggerStatus(), Type: fcspec.ErrorTypeCommon, Code: code, Message: fmt.Sprintf(format, args...)}
}

// failFunction is FC's 502 for a failure of the function on instance in:
// the client gets FC's message for code, the formatted detail goes to the
// logs.
func failFunction(in *inst, code fcspec.Code, format string, args ...any) *Failure {
	return &Failure{Status: code.TriggerStatus(), Type: fcspec.ErrorTypeUnhandled, Code: code,
		Message: functionMessages[code], Detail: fmt.Sprintf(format, args...), in: in}
}

// functionMessages are the client's messages of failFunction's codes, in
// the words of FC's custom runtime documentation where it has them.
var functionMessages = map[fcspec.Code]string{
	fcspec.CodeFunctionNotStarted: "The function cannot be started. Failed to start function instance; the function's log (wsdeploy logs) says why",
	fcspec.CodeFunctionCrashed:    "Process exited unexpectedly before completing request; the function's log (wsdeploy logs) says why",
	fcspec.CodeFunctionTimeout:    "The function did not answer within its timeout",
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
	b, _ := json.Marshal(errorBody{string(f.Code), f.Message}) // strings cannot fail
	h := w.Header()
	h.Set(fcspec.HeaderErrorType, string(f.Type))
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(f.Status)
	_, _ = w.Write(b)
}
