//go:build unix

package instance

import (
	"os"
	"syscall"
)

// signalGroup signals the group led by p. Call it only while p is not yet
// reaped: until then its pid, and so its group id, cannot be reused.
func signalGroup(p *os.Process, sig syscall.Signal) { _ = syscall.Kill(-p.Pid, sig) }
