package main

import "testing"

func TestVarFlagRejectsMalformedValues(t *testing.T) {
	for _, args := range [][]string{
		{"validate", "-var", "novalue"},
		{"-var", "=x", "validate"},
		{"validate", "-var-file", ""},
	} {
		r := runCLI(t, "", args...)
		r.expect(t, exitError)
		if r.stdout != "" || !containsAll(r.stderr, "Error: ", "--help' for usage.") {
			t.Errorf("%q: stdout %q, stderr %q", args, r.stdout, r.stderr)
		}
	}
}
