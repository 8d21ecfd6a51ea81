package instance

import (
	"fmt"
	"os"
	"syscall"
)

// Exit is how an instance's process ended.
type Exit struct {
	Code    int            // exit code; -1 when a signal ended it
	Signal  syscall.Signal // the signal that ended it, or 0
	Stopped bool           // Stop ended it; otherwise it crashed or quit by itself
	Err     error          // waiting for the process failed (rare)
	// OutOfMemory is set when the kernel killed it for going over its
	// memory_size.
	OutOfMemory *OutOfMemory
}

// OutOfMemory is a memory limit the instance went over.
type OutOfMemory struct {
	LimitMB   int
	PeakBytes int64 // 0 when unknown
}

func (e Exit) String() string {
	var s string
	switch {
	case e.Err != nil:
		s = e.Err.Error()
	case e.Signal != 0:
		s = "killed by signal " + e.Signal.String()
	default:
		s = fmt.Sprintf("exit status %d", e.Code)
	}
	if m := e.OutOfMemory; m != nil {
		s += fmt.Sprintf(": out of memory, over its memory_size of %d MB", m.LimitMB)
		if m.PeakBytes > 0 {
			s += fmt.Sprintf(" (peak %.1f MB)", float64(m.PeakBytes)/(1<<20))
		}
		s += "; raise memory_size or use less"
	}
	if e.Stopped {
		s += " (stopped)"
	}
	return s
}

func exitOf(ps *os.ProcessState, waitErr error, stopped bool) Exit {
	if ps == nil {
		return Exit{Code: -1, Err: waitErr, Stopped: stopped}
	}
	e := Exit{Code: ps.ExitCode(), Stopped: stopped}
	if ws, ok := ps.Sys().(interface {
		Signaled() bool
		Signal() syscall.Signal
	}); ok && ws.Signaled() {
		e.Signal = ws.Signal()
	}
	return e
}
