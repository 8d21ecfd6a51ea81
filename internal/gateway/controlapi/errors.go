package controlapi

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/codezip"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// apiError is an FC error answer: status, code and message.
type apiError struct {
	Status  int
	Code    string // an fcspec.Code, as the body carries it
	Message string
	cause   error // what an InternalServerError was made of, for storageError
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }
func (e *apiError) Unwrap() error { return e.cause }

// fcError is FC's answer with code, at the status the catalogue gives it
// on the control API.
func fcError(code fcspec.Code, format string, args ...any) *apiError {
	return &apiError{Status: code.ControlStatus(), Code: string(code), Message: fmt.Sprintf(format, args...)}
}

// invalidArg refuses one field. Messages from fcspec leave the field out
// ("is 100; memory must be ..."), so the field name leads.
func invalidArg(field, format string, args ...any) *apiError {
	msg := fmt.Sprintf(format, args...)
	if strings.HasPrefix(msg, "is ") {
		return fcError(fcspec.CodeInvalidArgument, "%s %s", field, msg)
	}
	return fcError(fcspec.CodeInvalidArgument, "%s: %s", field, msg)
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
		return &apiError{Status: auth.Status, Code: string(auth.Code), Message: auth.Message}
	case errors.As(err, &inv):
		return invalidArg("code.zipFile", "%s", inv.Error())
	case errors.Is(err, store.ErrFunctionNotFound):
		return fcError(fcspec.CodeFunctionNotFound, "function '%s' does not exist", fn)
	case errors.Is(err, store.ErrTriggerNotFound):
		return fcError(fcspec.CodeTriggerNotFound, "trigger '%s' does not exist in function '%s'", tn, fn)
	case errors.Is(err, store.ErrFunctionExists):
		return fcError(fcspec.CodeFunctionAlreadyExists, "function '%s' already exists", fn)
	case errors.Is(err, store.ErrTriggerExists):
		return fcError(fcspec.CodeTriggerAlreadyExists, "trigger '%s' already exists in function '%s'", tn, fn)
	case errors.Is(err, store.ErrFunctionNotEmpty):
		return fcError(fcspec.CodeFunctionNotEmpty, "function '%s' has active triggers; delete them first", fn)
	}
	e := fcError(fcspec.CodeInternalServerError, "an internal error has occurred: %v", err)
	e.cause = err
	return e
}
