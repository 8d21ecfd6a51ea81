package controlapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers/fcauth"
	"github.com/wsdeploy/wsdeploy/providers/local/codezip"
	"github.com/wsdeploy/wsdeploy/providers/local/store"
)

// apiError is an FC error answer: status, code and message.
type apiError struct {
	Status  int
	Code    string
	Message string
	cause   error // what an InternalServerError was made of, for storageError
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }
func (e *apiError) Unwrap() error { return e.cause }

// FC's error codes and their statuses: the one place to correct them.
// FunctionNotFound, TriggerNotFound (404), InvalidArgument, PathNotSupported,
// EntityTooLarge (400) and AccessDenied (403) are FC's documented statuses;
// the 409s follow FC's convention for conflicts (unconfirmed for
// FunctionNotEmpty, which FC documents without a status).
const (
	codeInvalidArgument       = "InvalidArgument"
	codePathNotSupported      = "PathNotSupported"
	codeEntityTooLarge        = "EntityTooLarge"
	codeAccessDenied          = "AccessDenied"
	codeFunctionNotFound      = "FunctionNotFound"
	codeTriggerNotFound       = "TriggerNotFound"
	codeFunctionAlreadyExists = "FunctionAlreadyExists"
	codeTriggerAlreadyExists  = "TriggerAlreadyExists"
	codeFunctionNotEmpty      = "FunctionNotEmpty"
	codeLimitExceeded         = "LimitExceededError"
	codeInternal              = "InternalServerError"
)

var statusOf = map[string]int{
	codeInvalidArgument:       http.StatusBadRequest,
	codePathNotSupported:      http.StatusBadRequest,
	codeEntityTooLarge:        http.StatusBadRequest,
	codeAccessDenied:          http.StatusForbidden,
	codeFunctionNotFound:      http.StatusNotFound,
	codeTriggerNotFound:       http.StatusNotFound,
	codeFunctionAlreadyExists: http.StatusConflict,
	codeTriggerAlreadyExists:  http.StatusConflict,
	codeFunctionNotEmpty:      http.StatusConflict,
	codeLimitExceeded:         http.StatusBadRequest,
	codeInternal:              http.StatusInternalServerError,
}

func fcError(code, format string, args ...any) *apiError {
	return &apiError{Status: statusOf[code], Code: code, Message: fmt.Sprintf(format, args...)}
}

// invalidArg refuses one field. Messages from fcspec leave the field out
// ("is 100; memory must be ..."), so the field name leads.
func invalidArg(field, format string, args ...any) *apiError {
	msg := fmt.Sprintf(format, args...)
	if strings.HasPrefix(msg, "is ") {
		return fcError(codeInvalidArgument, "%s %s", field, msg)
	}
	return fcError(codeInvalidArgument, "%s: %s", field, msg)
}

// toAPIError turns any failure of an operation into FC's answer. fn and tn
// name the function and trigger the request was about, for the messages.
func toAPIError(err error, fn, tn string) *apiError {
	var (
		api  *apiError
		auth *fcauth.Error
		inv  *codezip.InvalidError
	)
	switch {
	case errors.As(err, &api):
		return api
	case errors.As(err, &auth):
		return &apiError{Status: auth.Status, Code: auth.Code, Message: auth.Message}
	case errors.As(err, &inv):
		return invalidArg("code.zipFile", "%s", inv.Error())
	case errors.Is(err, store.ErrFunctionNotFound):
		return fcError(codeFunctionNotFound, "function '%s' does not exist", fn)
	case errors.Is(err, store.ErrTriggerNotFound):
		return fcError(codeTriggerNotFound, "trigger '%s' does not exist in function '%s'", tn, fn)
	case errors.Is(err, store.ErrFunctionExists):
		return fcError(codeFunctionAlreadyExists, "function '%s' already exists", fn)
	case errors.Is(err, store.ErrTriggerExists):
		return fcError(codeTriggerAlreadyExists, "trigger '%s' already exists in function '%s'", tn, fn)
	case errors.Is(err, store.ErrFunctionNotEmpty):
		return fcError(codeFunctionNotEmpty, "function '%s' has active triggers; delete them first", fn)
	}
	e := fcError(codeInternal, "an internal error has occurred: %v", err)
	e.cause = err
	return e
}
