package providers

import (
	"context"
	"fmt"
	"time"
)

// Locker is what a provider implements to hold one lock per stack on the
// remote side, so that two applies of the same stack (two CI pipelines)
// never write at once. It is optional: the engine checks for it.
type Locker interface {
	// Lock takes the stack's lock for info (info.ID chosen by the caller).
	// When someone else holds it, the error is a *LockedError naming the
	// holder; a lock that info already holds (an attempt whose answer was
	// lost) is taken.
	Lock(ctx context.Context, stack string, info LockInfo) error
	// Unlock releases the stack's lock if id holds it; ErrNotFound when
	// no lock is held, a *LockedError when another id holds it.
	Unlock(ctx context.Context, stack, id string) error
	// LockHolder reads who holds the stack's lock, or ErrNotFound.
	LockHolder(ctx context.Context, stack string) (*LockInfo, error)
}

// LockInfo says who holds a lock, as Terraform's lock info does.
type LockInfo struct {
	ID        string
	Operation string // "apply" or "destroy"
	Who       string // user@host
	PID       int
	Created   time.Time // the holder's clock, UTC
}

func (i LockInfo) String() string {
	return fmt.Sprintf("ID %s, %s by %s (pid %d) since %s", i.ID, i.Operation, i.Who, i.PID, i.Created.UTC().Format(time.RFC3339))
}

// LockedError is a lock that another run holds.
type LockedError struct {
	Stack  string
	Holder LockInfo
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("the lock of stack %q is held: %s", e.Stack, e.Holder)
}
