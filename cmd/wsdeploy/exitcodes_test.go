package main

import (
	"errors"
	"io"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
)

// The exit codes are a contract with scripts and CI (the README): a change
// here breaks users, so it must be deliberate. The test checks the codes
// the CLI returns, through the functions that decide them, not only the
// constants: 0 ok, 1 error, 2 changes (plan -detailed-exitcode, which the
// e2e tests of deploy_e2e_test.go run), 3 smoke failed, 4 unreachable.
func TestExitCodeContract(t *testing.T) {
	if got := []int{exitOK, exitError, exitChanges, exitSmokeFailed, exitUnreachable}; got[0] != 0 || got[1] != 1 ||
		got[2] != 2 || got[3] != 3 || got[4] != 4 {
		t.Errorf("exit codes %v, want 0 ok, 1 error, 2 changes, 3 smoke failed, 4 unreachable", got)
	}
	sum := func(outcomes ...smoke.Outcome) *smoke.Summary {
		s := &smoke.Summary{}
		for _, o := range outcomes {
			s.Results = append(s.Results, smoke.Result{Outcome: o})
		}
		return s
	}
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, 0},
		{"an error", errors.New("boom"), 1},
		{"a usage error", &arguments.UsageError{Err: errors.New("bad flag"), Help: "wsdeploy --help"}, 1},
		{"-detailed-exitcode with changes", exitStatus(exitChanges), 2},
		{"smoke: every check passed", smokeExit(sum(smoke.OK, smoke.OK)), 0},
		{"smoke: a check failed", smokeExit(sum(smoke.OK, smoke.Failed)), 3},
		{"smoke: a trigger never answered", smokeExit(sum(smoke.Unreachable, smoke.OK)), 4},
		// A failure wins: waiting (what 4 invites) cannot fix it.
		{"smoke: both", smokeExit(sum(smoke.Unreachable, smoke.Failed)), 3},
	}
	for _, c := range cases {
		if got := exitCode(c.err, io.Discard); got != c.want {
			t.Errorf("%s: exit %d, want %d", c.name, got, c.want)
		}
	}
}
