package smoke

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
)

// How each answer of FC-REFERENCE.md's table (and a few others) is read,
// for a trigger that apply left alone, created, or updated.
func TestClassifyAnswer(t *testing.T) {
	fc := func(status int, code string) *Answer {
		return &Answer{Status: status, ErrorType: "FcCommonError", Code: code, Message: "m"}
	}
	cases := []struct {
		answer  *Answer
		auth    string
		kind    ChangeKind
		action  action
		outcome Outcome
		hint    string
	}{
		{fc(404, "TriggerNotFound"), "anonymous", Created, retry, Unreachable, "about 10 s"},
		{fc(404, "TriggerNotFound"), "anonymous", Unchanged, retry, Unreachable, "about 10 s"},
		{fc(404, "TriggerNotFound"), "anonymous", Updated, retryWindow, Unreachable, "about 10 s"},
		{&Answer{Status: 404}, "anonymous", Created, retry, Unreachable, "serve the WebSocket at this URL's path"},
		{fc(429, "ResourceExhausted"), "anonymous", Created, retryCapacity, Unreachable, "instance quota"},
		{fc(429, "ResourceThrottled"), "anonymous", Updated, retryCapacity, Unreachable, "-smoke-parallelism"},
		{fc(500, "InternalServerError"), "anonymous", Created, retry, Unreachable, "system error"},
		{fc(503, "ServiceUnavailable"), "anonymous", Created, retry, Unreachable, "system error"},
		{fc(502, ""), "anonymous", Created, retry, Unreachable, "system error"},
		{&Answer{Status: 502}, "anonymous", Created, retry, Unreachable, "system error"},
		{&Answer{Status: 502, ErrorType: "UnhandledInvocationError", Code: "FunctionCrashed"}, "anonymous", Created, stop, Failed, "wsdeploy logs chat"},
		{fc(403, "MethodNotAllowed"), "anonymous", Created, stop, Failed, `add "GET"`},
		{fc(403, "MethodNotAllowed"), "anonymous", Unchanged, stop, Failed, `add "GET"`},
		{fc(403, "MethodNotAllowed"), "anonymous", Updated, retryWindow, Failed, `add "GET"`},
		{fc(403, "AccessDenied"), "anonymous", Created, stop, Failed, "disable_url_internet"},
		{fc(400, "MissingRequiredHeader"), "function", Created, stop, Failed, "no signer was given"},
		{fc(400, "MissingRequiredHeader"), "anonymous", Created, stop, Failed, `declares auth_type = "anonymous": run wsdeploy apply`},
		{fc(400, "MissingRequiredHeader"), "anonymous", Updated, retryWindow, Failed, "run wsdeploy apply"},
		{fc(403, "SignatureNotMatch"), "function", Created, stop, Failed, "refused the signature"},
		{fc(403, "RequestTimeTooSkewed"), "function", Created, stop, Failed, "clock"},
		{fc(400, "EntityTooLarge"), "anonymous", Created, stop, Failed, "request limits"},
		{fc(401, ""), "jwt", Created, stop, Failed, "cannot mint your JWTs"},
		{fc(403, "SomethingNew"), "anonymous", Created, stop, Failed, "methods must include GET"},
		{fc(501, "NotSupportedLocally"), "anonymous", Created, stop, Failed, "Function Compute"},
		{&Answer{Status: 200, Message: "hello page"}, "anonymous", Created, stop, Failed, "accept a WebSocket upgrade"},
		{&Answer{Status: 426}, "anonymous", Updated, stop, Failed, "accept a WebSocket upgrade"},
	}
	for _, c := range cases {
		name := fmt.Sprintf("%s/%s/%s", c.answer, c.auth, c.kind)
		target := &Target{Function: "chat", Trigger: "ws", AuthType: c.auth, Change: Change{Kind: c.kind}}
		d := classifyAnswer(c.answer, target)
		if d.action != c.action || d.outcome != c.outcome {
			t.Errorf("%s: action %d, outcome %s; want %d, %s", name, d.action, d.outcome, c.action, c.outcome)
		}
		if !strings.Contains(d.hint, c.hint) {
			t.Errorf("%s: hint %q lacks %q", name, d.hint, c.hint)
		}
		if d.answer != c.answer || !strings.Contains(d.what, c.answer.String()) {
			t.Errorf("%s: what %q does not quote the answer", name, d.what)
		}
	}
}

// Network failures are waited out; signing and certificate problems are
// not.
func TestClassifyError(t *testing.T) {
	target := &Target{URL: "https://chat-abc.cn-hangzhou.fcapp.run/"}
	opErr := func(err error) error { return &net.OpError{Op: "dial", Net: "tcp", Err: err} }
	cases := []struct {
		err    error
		action action
		what   string
	}{
		{opErr(syscall.ECONNREFUSED), retry, "connection refused at chat-abc.cn-hangzhou.fcapp.run"},
		{opErr(syscall.ECONNRESET), retry, "connection reset"},
		{fmt.Errorf("read: %w", io.ErrUnexpectedEOF), retry, "connection closed before an answer"},
		{&net.DNSError{Name: "chat-abc.cn-hangzhou.fcapp.run", Err: "no such host"}, retry, "cannot resolve chat-abc.cn-hangzhou.fcapp.run: no such host"},
		{&signError{errors.New("no credentials")}, stop, "cannot sign the handshake: no credentials"},
		{x509.UnknownAuthorityError{}, stop, "certificate"},
		{errors.New(`failed to parse url: bad`), stop, "failed to parse url"},
	}
	for _, c := range cases {
		d := classifyError(c.err, target)
		if d.action != c.action || !strings.Contains(d.what, c.what) {
			t.Errorf("%v: action %d, what %q; want %d, %q", c.err, d.action, d.what, c.action, c.what)
		}
		if d.hint == "" {
			t.Errorf("%v: no hint", c.err)
		}
	}
}
