package codezip

import "fmt"

// InvalidError refuses the package itself (as opposed to an I/O failure of
// the gateway): the control API answers it with 400 InvalidArgument.
type InvalidError struct {
	Entry  string // the zip entry at fault, if any
	Reason string
}

func (e *InvalidError) Error() string {
	if e.Entry == "" {
		return e.Reason
	}
	return fmt.Sprintf("zip entry %q: %s", e.Entry, e.Reason)
}

func invalid(entry, format string, args ...any) error {
	return &InvalidError{Entry: entry, Reason: fmt.Sprintf(format, args...)}
}
