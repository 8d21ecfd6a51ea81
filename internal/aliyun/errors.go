package aliyun

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// APIError is an error answer of FC (or of STS, for the account id): the
// operation, the code and message, the HTTP status and the request id
// (what support asks for). FunctionNotFound and TriggerNotFound match
// providers.ErrNotFound.
type APIError struct {
	Service    string // "FC" or "STS"
	Op         string // the action, e.g. CreateFunction
	Code       string // e.g. FunctionAlreadyExists
	Message    string
	StatusCode int
	RequestID  string
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("%s %s: %s (%d): %s", e.Service, e.Op, e.Code, e.StatusCode, e.Message)
	if e.RequestID != "" {
		s += " (request id " + e.RequestID + ")"
	}
	return s
}

// Is makes errors.Is(err, providers.ErrNotFound) true for FC's not-found
// codes.
func (e *APIError) Is(target error) bool {
	return target == providers.ErrNotFound && slices.Contains(notFoundCodes, fcspec.Code(e.Code))
}

var notFoundCodes = []fcspec.Code{fcspec.CodeFunctionNotFound, fcspec.CodeTriggerNotFound, fcspec.CodeDomainNameNotFound, fcspec.CodeSessionNotFound}

// withoutKey is err with the private key of c (and each line of its PEM
// body) replaced wherever the answer or a wrapped error quoted it: the
// key is a secret that FC receives but that no message may show.
func withoutKey(err error, c *providers.Certificate) error {
	if err == nil || c == nil || len(c.PrivateKey) < 4 {
		return err
	}
	secrets := []string{c.PrivateKey, strings.TrimSpace(c.PrivateKey)}
	for _, line := range strings.Split(c.PrivateKey, "\n") {
		if line = strings.TrimSpace(line); len(line) >= 16 && !strings.HasPrefix(line, "-----") {
			secrets = append(secrets, line)
		}
	}
	var api *APIError
	if errors.As(err, &api) {
		api.Message = scrub(api.Message, secrets)
	}
	var op *opError
	if errors.As(err, &op) {
		op.text = scrub(op.text, secrets)
	}
	return err
}

func isCode(err error, code fcspec.Code) bool {
	var api *APIError
	return errors.As(err, &api) && api.Code == string(code)
}

// toAPIError turns what one attempt returned into an *APIError when the
// service (or something in front of it) answered with an error status; rec
// is what the transport saw of that attempt. Other errors (network,
// context) come back as they are. op is "Action" for FC, "STS Action" for
// STS.
func toAPIError(op string, err error, rec *attempt) error {
	if api := (*APIError)(nil); errors.As(err, &api) {
		return err // FC's answer already (sendFunction's)
	}
	service, action := "FC", op
	if s, a, ok := strings.Cut(op, " "); ok {
		service, action = s, a
	}
	var se *tea.SDKError
	if errors.As(err, &se) && dara.IntValue(se.StatusCode) >= 400 {
		e := &APIError{Service: service, Op: action, Code: dara.StringValue(se.Code), StatusCode: dara.IntValue(se.StatusCode)}
		// The SDK's Message is "code: 404, <message> request id: <id>";
		// Data holds FC's body as it came.
		var body struct{ Code, Message, RequestId string }
		if json.Unmarshal([]byte(dara.StringValue(se.Data)), &body) == nil {
			e.Message, e.RequestID = body.Message, body.RequestId
		}
		if e.Message == "" {
			e.Message = dara.StringValue(se.Message)
		}
		if e.RequestID == "" && rec != nil {
			e.RequestID = rec.requestID
		}
		return e
	}
	if rec != nil && rec.status >= 400 {
		// An error status whose body the SDK could not read as FC's JSON
		// (a proxy's HTML page, a truncated body).
		return &APIError{Service: service, Op: action, Code: strings.ReplaceAll(http.StatusText(rec.status), " ", ""), StatusCode: rec.status,
			Message: "the response is not FC's JSON error: " + rec.bodyPrefix, RequestID: rec.requestID}
	}
	return err
}

// opError is a failure of an operation that is not FC's answer (network,
// context, credentials), with the operation named and known secrets
// scrubbed from the text.
type opError struct {
	text string
	err  error
}

func (e *opError) Error() string { return e.text }
func (e *opError) Unwrap() error { return e.err }

// gaveUp wraps the last error of a call whose retries ran out.
type gaveUp struct {
	err      error
	attempts int
	elapsed  time.Duration
}

func (e *gaveUp) Error() string {
	plural := "s"
	if e.attempts == 1 {
		plural = ""
	}
	return fmt.Sprintf("%v (gave up after %d attempt%s in %s)", e.err, e.attempts, plural, e.elapsed.Round(time.Millisecond))
}
func (e *gaveUp) Unwrap() error { return e.err }
