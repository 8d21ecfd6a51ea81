package fcauth

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is a refused request: the code FC would answer with, the HTTP status,
// and a message that says what was wrong. A Message never contains a secret.
type Error struct {
	Code    string
	Status  int
	Message string
	// ErrorType is the X-Fc-Error-Type header of a data-plane refusal
	// ("FcCommonError"); it is empty for control API refusals.
	ErrorType string
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

// Control API codes, as Alibaba Cloud's API gateway (POP) names them.
const (
	CodeIncompleteSignature   = "IncompleteSignature"
	CodeSignatureDoesNotMatch = "SignatureDoesNotMatch"
	CodeAccessKeyNotFound     = "InvalidAccessKeyId.NotFound"
	CodeTimeStampFormat       = "InvalidTimeStamp.Format"
	CodeTimeStampExpired      = "InvalidTimeStamp.Expired"
	CodeNonceUsed             = "SignatureNonceUsed"
	CodeContentSHA256Mismatch = "ContentSHA256Mismatch"
	CodeThrottling            = "Throttling"
)

// controlStatus is the one place that maps control API codes to statuses.
//
// POP's published error tables and public error reports give 400 for
// IncompleteSignature, SignatureDoesNotMatch, InvalidTimeStamp.*,
// SignatureNonceUsed, and 404 for InvalidAccessKeyId.NotFound. That FC 3.0's
// control API answers through POP with these statuses is unconfirmed (FC 2.0
// used 403 SignatureNotMatch / InvalidAccessKeyID). ContentSHA256Mismatch is
// our name: POP's code for a body that does not match x-acs-content-sha256 is
// unknown. Throttling (nonce cache full) uses 429 so clients back off.
var controlStatus = map[string]int{
	CodeIncompleteSignature:   http.StatusBadRequest,
	CodeSignatureDoesNotMatch: http.StatusBadRequest,
	CodeAccessKeyNotFound:     http.StatusNotFound,
	CodeTimeStampFormat:       http.StatusBadRequest,
	CodeTimeStampExpired:      http.StatusBadRequest,
	CodeNonceUsed:             http.StatusBadRequest,
	CodeContentSHA256Mismatch: http.StatusBadRequest,
	CodeThrottling:            http.StatusTooManyRequests,
}

// ErrorTypeFcCommon is the X-Fc-Error-Type of every trigger auth refusal.
const ErrorTypeFcCommon = "FcCommonError"

// Data-plane (HTTP trigger) codes. FC documents only the statuses (400 when
// Date or Authorization is missing, 403 when the signature is invalid or Date
// is more than 15 minutes off) and the error type; the codes are FC 2.0's
// names where one exists (MissingRequiredHeader, SignatureNotMatch,
// InvalidAccessKeyID, InvalidArgument, EntityTooLarge) and unconfirmed
// otherwise (RequestTimeTooSkewed is OSS's name for the same refusal).
const (
	CodeMissingRequiredHeader = "MissingRequiredHeader"
	CodeSignatureNotMatch     = "SignatureNotMatch"
	CodeInvalidAccessKeyID    = "InvalidAccessKeyID"
	CodeRequestTimeTooSkewed  = "RequestTimeTooSkewed"
	CodeInvalidArgument       = "InvalidArgument"
	CodeEntityTooLarge        = "EntityTooLarge"
)

var triggerStatus = map[string]int{
	CodeMissingRequiredHeader: http.StatusBadRequest,
	CodeInvalidArgument:       http.StatusBadRequest,
	CodeEntityTooLarge:        http.StatusBadRequest,
	CodeSignatureNotMatch:     http.StatusForbidden,
	CodeInvalidAccessKeyID:    http.StatusForbidden,
	CodeRequestTimeTooSkewed:  http.StatusForbidden,
	CodeNonceUsed:             http.StatusForbidden,
	CodeContentSHA256Mismatch: http.StatusForbidden,
	CodeThrottling:            http.StatusTooManyRequests,
}

// triggerCodeOf translates a control API refusal of an ACS3-signed trigger
// request into the data plane's terms.
var triggerCodeOf = map[string]string{
	CodeIncompleteSignature:   CodeSignatureNotMatch,
	CodeSignatureDoesNotMatch: CodeSignatureNotMatch,
	CodeAccessKeyNotFound:     CodeInvalidAccessKeyID,
	CodeTimeStampFormat:       CodeInvalidArgument,
	CodeTimeStampExpired:      CodeRequestTimeTooSkewed,
	CodeNonceUsed:             CodeNonceUsed,
	CodeContentSHA256Mismatch: CodeContentSHA256Mismatch,
	CodeThrottling:            CodeThrottling,
}

func controlError(code, format string, args ...any) *Error {
	return &Error{Code: code, Status: controlStatus[code], Message: fmt.Sprintf(format, args...)}
}

func triggerError(code, format string, args ...any) *Error {
	return &Error{
		Code:      code,
		Status:    triggerStatus[code],
		Message:   fmt.Sprintf(format, args...),
		ErrorType: ErrorTypeFcCommon,
	}
}

// asTrigger restates a control API refusal as a data-plane one.
func asTrigger(e *Error) *Error {
	if e == nil || e.ErrorType != "" {
		return e // nothing to restate, or already a data-plane refusal
	}
	code, ok := triggerCodeOf[e.Code]
	if !ok {
		code = CodeSignatureNotMatch
	}
	return triggerError(code, "%s", e.Message)
}
