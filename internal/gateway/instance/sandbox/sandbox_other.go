//go:build !linux

package sandbox

import (
	"context"
	"errors"
	"net"
	"os/exec"
	"syscall"
)

// Available reports that sandboxes need Linux's namespaces.
func Available() (ok bool, reason string) {
	return false, "instances run in sandboxes only on Linux (namespaces)"
}

var errUnsupported = errors.New("sandboxes need Linux")

// Channel does nothing outside Linux: Command always fails.
type Channel struct{ Join func(inner, outer net.Conn) }

// ExecError is a command that init could not start.
type ExecError struct{ Msg string }

func (e *ExecError) Error() string { return e.Msg }

// Command fails outside Linux.
func Command(Config) (*exec.Cmd, *Channel, error) { return nil, nil, errUnsupported }

func (*Channel) Begin(context.Context) error                 { return errUnsupported }
func (*Channel) Dial(context.Context, int) (net.Conn, error) { return nil, errUnsupported }
func (*Channel) Exit() (int, syscall.Signal, bool)           { return 0, 0, false }
func (*Channel) Done() <-chan struct{}                       { return nil }
func (*Channel) Close()                                      {}
func (*Channel) WithDiag(func(int) error) error              { return ErrNoDiag }

// ErrNoDiag: no sock_diag outside Linux.
var ErrNoDiag = errUnsupported
