package lock

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/user"
	"time"

	"github.com/wsdeploy/wsdeploy/providers"
)

// Options is how Acquire waits.
type Options struct {
	// Timeout is how long to wait for a held lock; 0 fails at once.
	Timeout time.Duration
	// Waiting is told the holder each time a try finds the lock held and
	// Acquire will try again; nil for silence.
	Waiting func(holder providers.LockInfo)
	// Poll is the pause between tries (default 2 s, capped by what is left
	// of Timeout).
	Poll time.Duration
}

// Held is a lock Acquire took; Release gives it back.
type Held struct {
	Info   providers.LockInfo
	stack  string
	locker providers.Locker
}

// Acquire takes stack's lock for operation ("apply", "destroy"). A held
// lock is a *providers.LockedError (after Timeout, when one is set) whose
// text says how to wait or break it.
func Acquire(ctx context.Context, l providers.Locker, stack, operation string, opts Options) (*Held, error) {
	info := NewInfo(operation)
	poll := opts.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	deadline := time.Now().Add(opts.Timeout)
	for {
		err := l.Lock(ctx, stack, info)
		if err == nil {
			return &Held{Info: info, stack: stack, locker: l}, nil
		}
		var held *providers.LockedError
		if !errors.As(err, &held) {
			return nil, fmt.Errorf("cannot take the lock of stack %q: %w", stack, err)
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, &Error{LockedError: held, Waited: opts.Timeout}
		}
		if opts.Waiting != nil {
			opts.Waiting(held.Holder)
		}
		t := time.NewTimer(min(poll, left))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("stopped waiting for the lock of stack %q (%s): %w", stack, held.Holder, ctx.Err())
		case <-t.C:
		}
	}
}

// Release unlocks. It runs on the way out of a run, also after Ctrl-C, so
// it uses a context of its own.
func (h *Held) Release() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := h.locker.Unlock(ctx, h.stack, h.Info.ID); err != nil {
		return fmt.Errorf("could not release the lock of stack %q (ID %s): %w; if it stays, break it with wsdeploy force-unlock %s", h.stack, h.Info.ID, err, h.Info.ID)
	}
	return nil
}

// Error is a lock still held when Acquire gave up.
type Error struct {
	*providers.LockedError
	Waited time.Duration
}

func (e *Error) Error() string {
	wait := "wait for it with -lock-timeout DURATION"
	if e.Waited > 0 {
		wait = fmt.Sprintf("waited %s; wait longer with a larger -lock-timeout", e.Waited)
	}
	return fmt.Sprintf("%v. Another run is changing this stack: %s, or, if that run is gone (crashed, killed), break the lock with wsdeploy force-unlock %s",
		e.LockedError, wait, e.Holder.ID)
}

// NewInfo describes this process as a lock holder, with a fresh random ID.
func NewInfo(operation string) providers.LockInfo {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	who := "unknown"
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	host, err := os.Hostname()
	if err != nil {
		host = "unknown-host"
	}
	return providers.LockInfo{ID: hex.EncodeToString(b), Operation: operation, Who: who + "@" + host, PID: os.Getpid(), Created: time.Now().UTC().Truncate(time.Second)}
}

func (e *Error) Unwrap() error { return e.LockedError }
