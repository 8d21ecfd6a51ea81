//go:build !unix

package dataplane

// openFileLimit is unknown where there is no RLIMIT_NOFILE.
func openFileLimit() int { return 0 }
