package aliyun

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers"
)

func lockInfo(id string) providers.LockInfo {
	return providers.LockInfo{ID: id, Operation: "apply", Who: "ci@runner-" + id, PID: 42, Created: time.Date(2026, 12, 6, 1, 2, 3, 0, time.UTC)}
}

// The lock function's create is the mutex: of many runs that try at once,
// exactly one holds it, and every other is told who.
func TestLockIsHeldByOneOfManyAtOnce(t *testing.T) {
	p := newGateway(t).provider(t)
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = p.Lock(ctx, "demo", lockInfo(string(rune('a'+i))))
		}()
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		var held *providers.LockedError
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("runs %d and %d both took the lock", winner, i)
		case err == nil:
			winner = i
		case !errors.As(err, &held):
			t.Fatalf("run %d: %v, want a LockedError", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("nobody took the lock")
	}
	want := lockInfo(string(rune('a' + winner)))
	for i, err := range errs {
		var held *providers.LockedError
		if i != winner && (!errors.As(err, &held) || held.Holder != want) {
			t.Errorf("run %d was told %v, want the holder %v", i, err, want)
		}
	}
	got, err := p.LockHolder(ctx, "demo")
	if err != nil || *got != want {
		t.Fatalf("LockHolder = %v, %v; want %v", got, err, want)
	}
}

func TestUnlockTakesTheHolderID(t *testing.T) {
	p := newGateway(t).provider(t)
	if err := p.Lock(ctx, "demo", lockInfo("a")); err != nil {
		t.Fatal(err)
	}
	var held *providers.LockedError
	if err := p.Unlock(ctx, "demo", "b"); !errors.As(err, &held) || held.Holder.ID != "a" {
		t.Fatalf("Unlock with another ID: %v", err)
	}
	if err := p.Unlock(ctx, "demo", "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.LockHolder(ctx, "demo"); !errors.Is(err, providers.ErrNotFound) {
		t.Fatalf("after Unlock, LockHolder: %v", err)
	}
	if err := p.Unlock(ctx, "demo", "a"); !errors.Is(err, providers.ErrNotFound) {
		t.Fatalf("a second Unlock: %v, want not found", err)
	}
	if err := p.Lock(ctx, "demo", lockInfo("b")); err != nil {
		t.Fatalf("Lock after Unlock: %v", err)
	}
}

// A create whose answer is lost is retried; the retry meets the lock it
// took and holds it, rather than reporting itself as the holder.
func TestLockAfterALostAnswerHoldsIt(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	g.setFault(g.loseAnswer("CreateFunction", 1))
	if err := p.Lock(ctx, "demo", lockInfo("a")); err != nil {
		t.Fatal(err)
	}
	if n := g.count("CreateFunction"); n != 2 {
		t.Errorf("%d CreateFunction calls, want 2 (the lost one and the retry)", n)
	}
}

// The lock is no function of the stack: plan, apply and destroy never see,
// change or prune it. Stacks whose names FC would refuse get a digest.
func TestLockFunctionIsNotTheStacks(t *testing.T) {
	p := newGateway(t).provider(t)
	for _, stack := range []string{"demo", "my.stack", strings.Repeat("s", 63)} {
		if err := p.Lock(ctx, stack, lockInfo("a")); err != nil {
			t.Fatalf("stack %q: %v", stack, err)
		}
		fs, err := p.ListFunctions(ctx, stack)
		if err != nil || len(fs) != 0 {
			t.Errorf("stack %q owns %v (%v), want nothing", stack, fs, err)
		}
		f, err := p.GetFunction(ctx, LockFunctionName(stack))
		if err != nil {
			t.Fatal(err)
		}
		if f.Tags[providers.StackTag] != "" || len(f.Triggers) != 0 {
			t.Errorf("lock function of %q: tags %v, triggers %v", stack, f.Tags, f.Triggers)
		}
	}
	if got := LockFunctionName("my.stack"); got == "wsdeploy-lock-my.stack" || len(got) > 64 {
		t.Errorf("LockFunctionName(my.stack) = %q", got)
	}
}
