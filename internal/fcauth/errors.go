package fcauth

import (
	"errors"
	"fmt"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Error is a refused request: the code FC would answer with, the HTTP status,
// and a message that says what was wrong. A Message never contains a secret.
type Error struct {
	Code    fcspec.Code
	Status  int
	Message string
	// ErrorType is the X-Fc-Error-Type header of a data-plane refusal
	// (fcspec.ErrorTypeCommon); it is empty for control API refusals.
	ErrorType fcspec.ErrorType
	// cause says which refusal this is when a caller must tell it apart
	// (ErrFC2Scheme); nil for most.
	cause error
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (%d): %s", e.Code, e.Status, e.Message)
}

// Unwrap lets errors.Is recognise a refusal with a cause (ErrFC2Scheme).
func (e *Error) Unwrap() error { return e.cause }

// ErrFC2Scheme is the cause of VerifyTrigger's refusal of a request signed in
// FC 2.0's "FC <AccessKeyId>:<signature>" scheme without WithFC2Signatures.
var ErrFC2Scheme = errors.New("fcauth: FC 2.0 trigger signature scheme")

// The codes and their statuses on each plane are fcspec's: POP's codes on
// the control API (IncompleteSignature, SignatureDoesNotMatch, ...: that
// FC 3.0 answers through POP with them is unconfirmed), FC 2.0's names on
// triggers (SignatureNotMatch, InvalidAccessKeyID, ...: FC documents only
// the statuses), and Throttling for a full nonce cache, so clients back off.
//
// triggerCodeOf translates a control API refusal of an ACS3-signed trigger
// request into the data plane's terms.
var triggerCodeOf = map[fcspec.Code]fcspec.Code{
	fcspec.CodeIncompleteSignature:   fcspec.CodeSignatureNotMatch,
	fcspec.CodeSignatureDoesNotMatch: fcspec.CodeSignatureNotMatch,
	fcspec.CodeAccessKeyNotFound:     fcspec.CodeInvalidAccessKeyID,
	fcspec.CodeTimeStampFormat:       fcspec.CodeInvalidArgument,
	fcspec.CodeTimeStampExpired:      fcspec.CodeRequestTimeTooSkewed,
	fcspec.CodeNonceUsed:             fcspec.CodeNonceUsed,
	fcspec.CodeContentSHA256Mismatch: fcspec.CodeContentSHA256Mismatch,
	fcspec.CodeThrottling:            fcspec.CodeThrottling,
}

func controlError(code fcspec.Code, format string, args ...any) *Error {
	return &Error{Code: code, Status: code.ControlStatus(), Message: fmt.Sprintf(format, args...)}
}

func triggerError(code fcspec.Code, format string, args ...any) *Error {
	return &Error{
		Code:      code,
		Status:    code.TriggerStatus(),
		Message:   fmt.Sprintf(format, args...),
		ErrorType: fcspec.ErrorTypeCommon,
	}
}

// asTrigger restates a control API refusal as a data-plane one.
func asTrigger(e *Error) *Error {
	if e == nil || e.ErrorType != "" {
		return e // nothing to restate, or already a data-plane refusal
	}
	code, ok := triggerCodeOf[e.Code]
	if !ok {
		code = fcspec.CodeSignatureNotMatch
	}
	return triggerError(code, "%s", e.Message)
}
