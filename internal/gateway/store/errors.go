package store

import "errors"

// The kinds of failure a caller branches on. Returned errors wrap one of the
// specific values below, and each specific value wraps its kind, so both
// errors.Is(err, ErrFunctionNotFound) and errors.Is(err, ErrNotFound) work.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("already exists")
)

var (
	ErrFunctionNotFound    = kindErr("function not found", ErrNotFound)
	ErrTriggerNotFound     = kindErr("trigger not found", ErrNotFound)
	ErrConcurrencyNotFound = kindErr("concurrency config not found", ErrNotFound)
	ErrProvisionNotFound   = kindErr("provision config not found", ErrNotFound)
	ErrFunctionExists      = kindErr("function already exists", ErrExists)
	ErrTriggerExists       = kindErr("trigger already exists", ErrExists)
	ErrDomainNotFound      = kindErr("custom domain not found", ErrNotFound)
	ErrDomainExists        = kindErr("custom domain already exists", ErrExists)
	// ErrFunctionNotEmpty refuses to delete a function that still has
	// triggers, as FC does (FunctionNotEmpty).
	ErrFunctionNotEmpty = errors.New("function has triggers")
)

type kindError struct {
	msg  string
	kind error
}

func kindErr(msg string, kind error) error { return &kindError{msg, kind} }

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }
