package statedir

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Lock holds the state directory for one gateway process; the kernel drops
// it when the process dies, however it dies.
type Lock struct{ f *os.File }

// Acquire takes dir's lock without waiting. A second gateway on the same
// state directory gets an error naming the first one's pid.
func Acquire(dir string) (*Lock, error) {
	f, err := os.OpenFile(filepath.Join(dir, LockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		msg := fmt.Sprintf("another gateway already uses the state directory %s", dir)
		if info, err := ReadInfo(dir); err == nil {
			msg += fmt.Sprintf(" (pid %d, control API at %s)", info.PID, info.ControlAddress)
		}
		return nil, fmt.Errorf("%s; stop it with wsdeploy gateway stop, or pass another --state-dir", msg)
	}
	return &Lock{f}, nil
}

// Release unlocks the directory.
func (l *Lock) Release() error { return l.f.Close() }
