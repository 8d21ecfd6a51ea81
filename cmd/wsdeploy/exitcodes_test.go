package main

import "testing"

// The exit codes are a contract with scripts and CI (DESIGN.md): a change
// here breaks users, so it must be deliberate.
func TestExitCodeContract(t *testing.T) {
	got := []int{exitOK, exitError, exitChanges, exitSmokeFailed, exitUnreachable}
	for i, code := range got {
		if code != i {
			t.Errorf("exit codes %v, want 0 ok, 1 error, 2 changes, 3 smoke failed, 4 unreachable", got)
			break
		}
	}
}
