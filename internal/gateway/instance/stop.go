package instance

import (
	"syscall"
	"time"
)

// DefaultStopGrace is how long Stop lets an instance finish after SIGTERM.
const DefaultStopGrace = 10 * time.Second

// Stop ends the instance: SIGTERM to its whole process group, SIGKILL after
// grace if it is still running. It returns once the instance is Done.
// Stopping an instance that has already ended only reports its exit.
func (i *Instance) Stop(grace time.Duration) Exit {
	i.stopping.Store(true)
	i.signal(syscall.SIGTERM)
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-i.exited:
	case <-t.C:
		i.signal(syscall.SIGKILL)
	}
	return i.Wait()
}
