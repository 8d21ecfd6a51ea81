package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/lock"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// gatewayLocker is the local provider on the gateway of env, as a
// Locker: the test's own hand on the stack's lock.
func gatewayLocker(t *testing.T, env []string) *local.Provider {
	t.Helper()
	p, _, err := local.New(context.Background(), local.Settings{StateDir: strings.TrimPrefix(env[0], "WSDEPLOY_GATEWAY_STATE_DIR="), NoStart: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// lockHolder is who holds stack's lock, nil when nobody does.
func lockHolder(t *testing.T, env []string, stack string) *providers.LockInfo {
	t.Helper()
	h, err := gatewayLocker(t, env).LockHolder(context.Background(), stack)
	if errors.Is(err, providers.ErrNotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// functionDescription is what the gateway holds as the description of
// function name.
func functionDescription(t *testing.T, env []string, name string) string {
	t.Helper()
	f, err := gatewayLocker(t, env).GetFunction(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return f.Description
}

// A lock that a run left (it crashed, or was killed) stops apply and
// destroy at once, naming the holder and how to break it; plan takes no
// lock; force-unlock breaks it only with the right ID and a confirmation.
func TestE2EStaleLockBrokenByForceUnlock(t *testing.T) {
	stack, env := deployEnv(t)
	run := func(code int, args ...string) result {
		t.Helper()
		r := runBinaryEnv(t, env, stack, "", args...)
		noStackTrace(t, r)
		r.expect(t, code)
		return r
	}
	run(exitOK, "apply", "-auto-approve")
	if h := lockHolder(t, env, "e2e"); h != nil {
		t.Fatalf("apply left its lock: %v", h)
	}
	// The test takes the lock as a run that then dies would.
	held, err := lock.Acquire(context.Background(), gatewayLocker(t, env), "e2e", "apply", lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := held.Info
	// import holds the lock too: an apply meanwhile could change what its
	// plan shows, or prune the function between confirmation and tag.
	for _, verb := range [][]string{{"apply", "-auto-approve", "-var", "note=second"}, {"destroy", "-auto-approve"}, {"import", "-auto-approve", "function.sleeper", "sleeper"}} {
		r := run(exitError, verb...)
		if !containsAll(r.stderr, "ID "+h.ID, h.Who, fmt.Sprintf("pid %d", h.PID), "apply by", h.Created.Format(time.RFC3339), "-lock-timeout", "wsdeploy force-unlock "+h.ID) {
			t.Errorf("%s while locked says:\n%s", verb[0], r.stderr)
		}
	}
	if got := functionDescription(t, env, "sleeper"); got != "first" {
		t.Errorf("a refused run changed the function: description %q", got)
	}
	// The lock is no function of the stack's: plan neither creates nor
	// prunes it, and the gateway's status does not list it.
	if r := run(exitOK, "plan", "-detailed-exitcode"); !strings.Contains(r.stdout, "No changes.") {
		t.Errorf("plan while locked:\n%s", r.stdout)
	}
	if r := run(exitOK, "gateway", "status"); strings.Contains(r.stdout, "wsdeploy-lock") || !strings.Contains(r.stdout, "sleeper") {
		t.Errorf("gateway status while locked:\n%s", r.stdout)
	}

	r := run(exitError, "force-unlock", "-auto-approve", "0123456789abcdef0123456789abcdef")
	if !containsAll(r.stderr, "has ID "+h.ID) {
		t.Errorf("force-unlock with a wrong ID: %s", r.stderr)
	}
	r = run(exitError, "force-unlock", h.ID)
	if !strings.Contains(r.stderr, "-auto-approve") {
		t.Errorf("force-unlock without a terminal: %s", r.stderr)
	}
	if lockHolder(t, env, "e2e") == nil {
		t.Fatal("a refused force-unlock broke the lock")
	}
	r = run(exitOK, "force-unlock", "-force", h.ID)
	if !strings.Contains(r.stderr+r.stdout, "unlocked") {
		t.Errorf("force-unlock says: %s %s", r.stdout, r.stderr)
	}
	if got := lockHolder(t, env, "e2e"); got != nil {
		t.Fatalf("after force-unlock, held by %v", got)
	}
	run(exitError, "force-unlock", "-force", h.ID) // nothing left to break
	r = run(exitOK, "apply", "-auto-approve", "-var", "note=second")
	if !strings.Contains(r.stdout, "0 added, 1 changed, 0 destroyed") {
		t.Errorf("apply after force-unlock:\n%s", r.stdout)
	}
}

// waitingApply is a `wsdeploy apply` running in the background whose
// stderr the test reads as it comes.
type waitingApply struct {
	cmd    *exec.Cmd
	stdout strings.Builder
	stderr *bufio.Reader
	seen   strings.Builder
}

func startApply(t *testing.T, env []string, dir string, args ...string) *waitingApply {
	t.Helper()
	a := &waitingApply{cmd: exec.Command(binary(t), append([]string{"apply"}, args...)...)}
	a.cmd.Env = append(os.Environ(), env...)
	a.cmd.Dir = dir
	a.cmd.Stdout = &a.stdout
	errPipe, err := a.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	a.stderr = bufio.NewReader(errPipe)
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.cmd.Process.Kill(); a.cmd.Wait() })
	return a
}

// waitFor reads stderr until a line holds s.
func (a *waitingApply) waitFor(t *testing.T, s string) {
	t.Helper()
	for {
		line, err := a.stderr.ReadString('\n')
		a.seen.WriteString(line)
		if strings.Contains(line, s) {
			return
		}
		if err != nil {
			t.Fatalf("apply never said %q: %v\n%s", s, err, a.seen.String())
		}
	}
}

// finish waits for the apply's exit and returns its result.
func (a *waitingApply) finish(t *testing.T) result {
	t.Helper()
	rest, _ := io.ReadAll(a.stderr)
	a.seen.Write(rest)
	err := a.cmd.Wait()
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, a.stdout.String(), a.seen.String()}
}

// Two applies of the same stack with different configurations, started
// while a third run holds the lock, both wait (-lock-timeout); once it is
// free one applies, then the other plans on what the first left and
// applies: neither reports the other's work, and the stack ends with the
// configuration of the one that ran last.
func TestE2EConcurrentAppliesWaitForTheLock(t *testing.T) {
	stack, env := deployEnv(t)
	held, err := lock.Acquire(context.Background(), gatewayLocker(t, env), "e2e", "apply", lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	appliesWaitForTheLock(t, stack, env, held)
}

// appliesWaitForTheLock starts two applies of the stack while held holds
// its lock, sees both wait, releases held, and checks that one created,
// the other updated, and the last one's configuration stays.
func appliesWaitForTheLock(t *testing.T, stack string, env []string, held *lock.Held) {
	t.Helper()
	notes := []string{"blue", "green"}
	var runs []*waitingApply
	for _, note := range notes {
		a := startApply(t, env, stack, "-auto-approve", "-lock-timeout", "5m", "-var", "note="+note)
		a.waitFor(t, "Waiting up to 5m0s for the lock of stack \"e2e\": ID "+held.Info.ID)
		runs = append(runs, a)
	}
	if err := held.Release(); err != nil {
		t.Fatal(err)
	}
	first, last := -1, -1
	for i, a := range runs {
		r := a.finish(t)
		noStackTrace(t, r)
		r.expect(t, exitOK)
		switch {
		case strings.Contains(r.stdout, "Resources: 2 added, 0 changed, 0 destroyed."):
			first = i
		case strings.Contains(r.stdout, "Resources: 0 added, 1 changed, 0 destroyed."):
			last = i
		default:
			t.Errorf("apply %s reports:\n%s", notes[i], r.stdout)
		}
	}
	if first < 0 || last < 0 || first == last {
		t.Fatalf("one apply must create and the other update; creator %d, updater %d", first, last)
	}
	if got := functionDescription(t, env, "sleeper"); got != notes[last] {
		t.Errorf("the function's description is %q, want %q (the apply that ran last)", got, notes[last])
	}
	if h := lockHolder(t, env, "e2e"); h != nil {
		t.Errorf("the applies left a lock: %v", h)
	}
}
