package instance

import (
	"syscall"
	"unsafe"
)

// reap waits for the leader to exit, kills what is left of its group while
// the leader is a zombie (so the group id still belongs to it), then reaps.
func (i *Instance) reap() error {
	waitExited(i.cmd.Process.Pid)
	i.mu.Lock()
	defer i.mu.Unlock()
	signalGroup(i.cmd.Process, syscall.SIGKILL)
	err := i.cmd.Wait()
	i.reaped = true
	return err
}

// waitExited blocks until pid has exited, without reaping it
// (waitid with WNOWAIT, as os.Process does internally).
func waitExited(pid int) {
	const pPID = 1
	var siginfo [128]byte
	for {
		_, _, errno := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid),
			uintptr(unsafe.Pointer(&siginfo)), syscall.WEXITED|syscall.WNOWAIT, 0, 0)
		if errno != syscall.EINTR {
			return
		}
	}
}
