package smoke

import (
	"fmt"
	"net/http"
	"time"
)

// Outcome is how a target ended.
type Outcome string

const (
	OK Outcome = "ok"
	// Failed: the trigger answered, but refused the handshake for a reason
	// waiting cannot fix, or the WebSocket did not behave (no pong, wrong
	// reply).
	Failed Outcome = "failed"
	// Unreachable: the trigger never became reachable before the deadline.
	Unreachable Outcome = "unreachable"
)

// Exit codes of the CLI's contract (the README's Exit codes).
const (
	ExitFailed      = 3 // a smoke test failed
	ExitUnreachable = 4 // a trigger never became reachable before its deadline
)

// Result is one target's outcome and timings.
type Result struct {
	Function, FCName, Trigger, URL string
	// Domain is the custom domain the check went through ("" for a
	// trigger's URL).
	Domain string

	Outcome Outcome
	Reason  string // what went wrong, quoting FC's answer; "" when ok
	Hint    string // what to do about it
	// Answer is the last refusal of the handshake, when there was one (it
	// may come before a success).
	Answer *Answer
	// Received is the reply that did not match expect, truncated.
	Received string

	Attempts int // handshakes tried
	// Waited is the time from the first attempt to the start of the one
	// that connected: the wait for propagation. When the target never
	// connected, it is the time until giving up.
	Waited    time.Duration
	Handshake time.Duration // the successful handshake (a cold start included)
	PingRTT   time.Duration // ping → pong
	ReplyRTT  time.Duration // send → reply; 0 when nothing was sent
}

// Via names the way in a check took: "trigger ws" or "custom domain
// chat.example.com".
func (r *Result) Via() string { return via(r.Trigger, r.Domain) }

func via(trigger, domain string) string {
	if domain != "" {
		return "custom domain " + domain
	}
	return "trigger " + trigger
}

// Answer is an HTTP answer to the handshake other than 101.
type Answer struct {
	Status int
	// ErrorType is FC's X-Fc-Error-Type: FcCommonError when FC refused,
	// UnhandledInvocationError when the function failed; "" when the
	// function itself (or something in front of FC) answered.
	ErrorType string
	Code      string // FC's ErrorCode
	Message   string // FC's ErrorMessage, or the start of a body that is not FC's JSON
	RequestID string // X-Fc-Request-Id
}

// String quotes the answer as FC gave it: `403 FcCommonError
// MethodNotAllowed: method GET is not allowed ...`, or `404 Not Found:
// <body>` when it is not FC's.
func (a *Answer) String() string {
	s := fmt.Sprintf("%d", a.Status)
	parts := []string{a.ErrorType, a.Code}
	if a.ErrorType == "" && a.Code == "" {
		parts = []string{http.StatusText(a.Status)} // "404 Not Found: <body>"
	}
	for _, part := range parts {
		if part != "" {
			s += " " + part
		}
	}
	if a.Message != "" {
		s += ": " + a.Message
	}
	return s
}

// Summary is the outcome of a whole smoke test, in the targets' order.
type Summary struct {
	Results []Result
}

// Count is how many results ended with o.
func (s *Summary) Count(o Outcome) int {
	n := 0
	for _, r := range s.Results {
		if r.Outcome == o {
			n++
		}
	}
	return n
}

// ExitCode is 0 when every target passed, else ExitFailed when any target
// failed, else ExitUnreachable. A failure wins over an unreachable trigger:
// exit 4 invites waiting or retrying the job, which cannot fix a function
// that answered wrongly.
func (s *Summary) ExitCode() int {
	switch {
	case s.Count(Failed) > 0:
		return ExitFailed
	case s.Count(Unreachable) > 0:
		return ExitUnreachable
	}
	return 0
}
