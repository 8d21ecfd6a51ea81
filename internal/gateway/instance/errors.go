package instance

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/sandbox"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// LoopbackError refuses a function whose server listens only on a loopback
// address: FC's front end reaches an instance from outside its sandbox, so
// such a server would never receive a request there.
type LoopbackError struct {
	Function string
	Addr     string // what it listens on, such as "127.0.0.1:9000"
	Port     int    // the function's port
}

func (e *LoopbackError) Error() string {
	return fmt.Sprintf("function %q listens on %s; Function Compute only reaches servers listening on 0.0.0.0 — listen on 0.0.0.0:%d (the port in $FC_SERVER_PORT)", e.Function, e.Addr, e.Port)
}

// StartError is a start that failed after the process was launched: it
// carries the last lines of the process's output, which usually say why.
type StartError struct {
	Function   string
	InstanceID string
	Err        error
	Tail       []string
}

func (e *StartError) Error() string {
	if len(e.Tail) == 0 {
		return e.Err.Error() + " (it wrote no output)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%v\nlast %d lines of instance %s's output:", e.Err, len(e.Tail), e.InstanceID)
	for _, l := range e.Tail {
		b.WriteString("\n  ")
		b.WriteString(l)
	}
	return b.String()
}

func (e *StartError) Unwrap() error { return e.Err }

// FileError is a command or bootstrap that cannot be run: missing, or not
// executable. Path is as the instance sees it.
type FileError struct {
	Path          string
	Problem       string
	NotExecutable bool
}

func (e *FileError) Error() string { return e.Path + " " + e.Problem }

// errExitedEarly marks an instance that ended before it listened.
var errExitedEarly = errors.New("exited before it was ready")

// StartFailureCode is FC's code for a start that failed because the
// command could not run or ended before it listened; "" for any other
// failure (a loopback-only server, the readiness deadline). The code is
// fcspec's CAFileNotFound, CAFilePermission or CAExited.
func StartFailureCode(err error) fcspec.Code {
	var fe *FileError
	var ee *sandbox.ExecError
	switch {
	case errors.As(err, &fe) && fe.NotExecutable:
		return fcspec.CodeCAFilePermission
	case errors.As(err, &fe):
		return fcspec.CodeCAFileNotFound
	case errors.As(err, &ee) && strings.Contains(ee.Msg, "permission denied"):
		return fcspec.CodeCAFilePermission
	case errors.As(err, &ee):
		return fcspec.CodeCAFileNotFound
	case errors.Is(err, errExitedEarly):
		return fcspec.CodeCAExited
	}
	return ""
}

// IsLoopback reports whether err refuses a loopback-only server.
func IsLoopback(err error) bool {
	var le *LoopbackError
	return errors.As(err, &le)
}
