package server

import "testing"

// TestFaultCodesAreFCs: each injectable status answers with a catalogue
// code that FC's control API answers at that status (the old "InternalError"
// was no FC code; FC's is InternalServerError).
func TestFaultCodesAreFCs(t *testing.T) {
	for status, code := range faultCodes {
		if got := code.ControlStatus(); got != status {
			t.Errorf("status %d injects %s, whose control API status is %d", status, code, got)
		}
	}
}
