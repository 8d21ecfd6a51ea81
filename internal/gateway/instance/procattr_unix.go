//go:build unix && !linux

package instance

import "syscall"

// sysProcAttr puts the instance in its own process group, so one signal
// reaches every process it starts.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
