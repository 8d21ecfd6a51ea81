package instance

import "syscall"

// sysProcAttr puts the instance in its own process group, so one signal
// reaches every process it starts, and has the kernel kill it when the
// gateway dies, even of SIGKILL, when no Stop can run: an orphaned
// instance would serve nobody and hold its memory and port for good.
// (The signal follows the gateway thread that started the process; Go
// only ends threads that a goroutine locked and left locked, which the
// gateway never does.)
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
