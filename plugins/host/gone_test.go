package host

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"
)

// waitGone fails unless process pid ends within a few seconds: it waits
// on a pidfd, which becomes readable when the process exits.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	fd, err := unix.PidfdOpen(pid, 0)
	if errors.Is(err, unix.ESRCH) {
		return // exited and reaped
	}
	if err != nil {
		t.Fatalf("pidfd_open(%d): %v", pid, err)
	}
	defer unix.Close(fd)
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	n, err := unix.Poll(fds, 10_000)
	if err != nil || n != 1 {
		t.Fatalf("process %d is still running after the plugin was closed (poll: %d, %v)", pid, n, err)
	}
}
