//go:build !linux

package instance

import "syscall"

// reap waits for the leader, then kills what is left of its group. Without
// waitid(WNOWAIT) the group is signalled just after the reap; in that instant
// an emptied group's id could in theory be reused.
func (i *Instance) reap() error {
	err := i.cmd.Wait()
	i.mu.Lock()
	defer i.mu.Unlock()
	i.reaped = true
	signalGroup(i.cmd.Process, syscall.SIGKILL)
	return err
}
