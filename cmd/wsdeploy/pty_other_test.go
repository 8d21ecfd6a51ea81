//go:build !linux

package main

import "testing"

// runOnTerminal needs Linux's pseudo-terminals (see pty_linux_test.go).
func runOnTerminal(t *testing.T, _ []string, _, _ string, _ ...string) result {
	t.Skip("pseudo-terminal tests run on Linux")
	return result{}
}
