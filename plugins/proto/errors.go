package proto

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/providers"
)

// ToStatus is how the plugin end sends a provider's error: not-found as
// NotFound, so the host can give the engine providers.ErrNotFound back;
// everything else with its message as the provider wrote it.
func ToStatus(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, providers.ErrNotFound):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, err.Error())
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, err.Error())
	}
	if _, ok := status.FromError(err); ok {
		return err // already a status, such as FailedPrecondition
	}
	return status.Error(codes.Unknown, err.Error())
}

// FromStatus is the host end of ToStatus: the provider's message, which
// matches providers.ErrNotFound when the status is NotFound.
func FromStatus(err error) error {
	if err == nil {
		return nil
	}
	s, ok := status.FromError(err)
	if !ok {
		return err
	}
	return &RemoteError{Code: s.Code(), Message: s.Message()}
}

// RemoteError is an error the plugin returned.
type RemoteError struct {
	Code    codes.Code
	Message string
}

func (e *RemoteError) Error() string { return e.Message }

// Is makes errors.Is hold for providers.ErrNotFound and the context errors
// that ToStatus sent as codes.
func (e *RemoteError) Is(target error) bool {
	switch e.Code {
	case codes.NotFound:
		return target == providers.ErrNotFound
	case codes.DeadlineExceeded:
		return target == context.DeadlineExceeded
	case codes.Canceled:
		return target == context.Canceled
	}
	return false
}
