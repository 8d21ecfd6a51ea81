package build

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// outputTail bounds how much of a failed build's output an error holds:
// the end is where compilers put the reason.
const outputTail = 4 << 10

// Error is a build that could not start or did not succeed.
type Error struct {
	Args   []string // secrets scrubbed
	Output string   // combined stdout and stderr, secrets scrubbed
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "build command %q ", strings.Join(e.Args, " "))
	var exit *exec.ExitError
	switch {
	case errors.As(e.Err, &exit):
		fmt.Fprintf(&b, "failed (%s)", exit.ProcessState)
	case errors.Is(e.Err, exec.ErrNotFound):
		fmt.Fprintf(&b, "could not start: %v; install it or fix the build block's command", e.Err)
	default:
		fmt.Fprintf(&b, "could not run: %v", e.Err)
	}
	out := strings.TrimRight(e.Output, "\n")
	if len(out) > outputTail {
		out = "…" + out[len(out)-outputTail:]
	}
	if out != "" {
		b.WriteString(":\n" + out)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }
