//go:build unix

package dataplane

import (
	"math"
	"syscall"
)

// openFileLimit is the process's soft RLIMIT_NOFILE (which Go raises to the
// hard limit at start), or 0 if unknown.
func openFileLimit() int {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0
	}
	return int(min(lim.Cur, math.MaxInt32))
}
