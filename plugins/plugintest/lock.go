package plugintest

import (
	"context"
	"errors"

	"github.com/wsdeploy/wsdeploy/internal/engine/lock"
	"github.com/wsdeploy/wsdeploy/providers"
)

// stackLock runs the stack lock of apply, destroy and force-unlock on a
// provider that implements providers.Locker: a lock is taken, and taken
// again by its holder (an answer lost); another run's attempt is a
// *providers.LockedError naming the holder as it took it (ID, operation,
// who, pid, since when), as LockHolder does; the lock is no function of
// the stack (the plan stays empty); Unlock by another ID is refused with
// the holder, by the holder frees it; a free lock is ErrNotFound.
func (k *kit) stackLock() {
	k.t.Helper()
	l, ok := k.p.(providers.Locker)
	if !ok {
		k.t.Logf("plugintest: %s: skipped: the provider does not implement providers.Locker", k.step)
		return
	}
	stack := k.spec.stack
	if h, err := l.LockHolder(k.ctx, stack); !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("LockHolder(%q) of a stack nobody locked returned (%v, %v); want an error matching providers.ErrNotFound", stack, h, err)
	}
	first, second := lock.NewInfo("apply"), lock.NewInfo("destroy")
	if err := l.Lock(k.ctx, stack, first); err != nil {
		k.fatalf("Lock(%q): %v", stack, err)
	}
	k.t.Cleanup(func() { l.Unlock(context.Background(), stack, first.ID) }) // after a failure below
	if err := l.Lock(k.ctx, stack, first); err != nil {
		k.fatalf("Lock(%q) again by its holder (an attempt whose answer was lost): %v; want it taken", stack, err)
	}
	k.heldBy("Lock by another run", l.Lock(k.ctx, stack, second), first)
	h, err := l.LockHolder(k.ctx, stack)
	if err != nil {
		k.fatalf("LockHolder(%q) while locked: %v", stack, err)
	}
	k.sameHolder("LockHolder", *h, first)
	k.settled() // the lock is nobody's function

	k.heldBy("Unlock by another ID", l.Unlock(k.ctx, stack, second.ID), first)
	if err := l.Unlock(k.ctx, stack, first.ID); err != nil {
		k.fatalf("Unlock(%q) by its holder: %v", stack, err)
	}
	if h, err := l.LockHolder(k.ctx, stack); !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("LockHolder(%q) after Unlock returned (%v, %v); want an error matching providers.ErrNotFound", stack, h, err)
	}
	if err := l.Unlock(k.ctx, stack, first.ID); !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("Unlock(%q) of a free lock returned %v; want an error matching providers.ErrNotFound", stack, err)
	}
	held, err := lock.Acquire(k.ctx, l, stack, "apply", lock.Options{})
	if err != nil {
		k.fatalf("lock.Acquire(%q) of a free lock: %v", stack, err)
	}
	if err := held.Release(); err != nil {
		k.fatalf("%v", err)
	}
}

// heldBy fails unless err is a *providers.LockedError naming holder.
func (k *kit) heldBy(call string, err error, holder providers.LockInfo) {
	k.t.Helper()
	var locked *providers.LockedError
	if !errors.As(err, &locked) {
		k.fatalf("%s of stack %q held by %s returned %v; want a *providers.LockedError naming the holder", call, k.spec.stack, holder, err)
	}
	k.sameHolder(call, locked.Holder, holder)
}

// sameHolder compares a reported holder with the one that took the lock
// (its time to the second, as lock.NewInfo sets it).
func (k *kit) sameHolder(call string, got, want providers.LockInfo) {
	k.t.Helper()
	if got.ID != want.ID || got.Operation != want.Operation || got.Who != want.Who || got.PID != want.PID || !got.Created.Equal(want.Created) {
		k.fatalf("%s reports the holder as %s; it is %s", call, got, want)
	}
}
