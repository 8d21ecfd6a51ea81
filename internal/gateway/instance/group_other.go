//go:build !unix

package instance

import (
	"os"
	"syscall"
)

func sysProcAttr() *syscall.SysProcAttr { return nil }

// signalGroup can only kill the process itself here: there are no process
// groups to signal.
func signalGroup(p *os.Process, _ syscall.Signal) { _ = p.Kill() }
