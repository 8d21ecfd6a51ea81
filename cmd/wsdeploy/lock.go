package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/lock"
	"github.com/wsdeploy/wsdeploy/providers"
)

// takeLock takes the stack's lock for an apply, destroy or import, when
// the provider has locks (a plugin may not: then the run goes on unlocked,
// and says so), waiting up to timeout for another run's. release gives it
// back.
func takeLock(inv *invocation, d *deployment, operation string, timeout time.Duration) (release func() error, err error) {
	return lockStack(d.ctx, inv, d.provider, d.stack.Name, operation, timeout)
}

// lockStack is takeLock for a caller without a deployment (dev's rounds).
func lockStack(ctx context.Context, inv *invocation, p providers.Provider, stack, operation string, timeout time.Duration) (release func() error, err error) {
	l, ok := p.(providers.Locker)
	if !ok {
		inv.view().Note(fmt.Sprintf("provider %q has no locks: nothing stops another run from changing stack %q at the same time.", p.Info().Name, stack))
		return func() error { return nil }, nil
	}
	noted := false
	held, err := lock.Acquire(ctx, l, stack, operation, lock.Options{
		Timeout: timeout,
		Waiting: func(h providers.LockInfo) {
			if !noted {
				noted = true
				inv.view().Note(fmt.Sprintf("Waiting up to %s for the lock of stack %q: %s.", timeout, stack, h))
			}
		},
	})
	if err != nil {
		return nil, err
	}
	return held.Release, nil
}

func forceUnlockVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "force-unlock",
			Usage:     "break the stack's lock that a crashed or killed apply left",
			ArgsUsage: "LOCK_ID",
			Description: "Deletes the lock of the stack in the current directory when LOCK_ID holds it (the ID that\n" +
				"a refused apply or destroy printed). Only for a run that is gone: breaking the lock of a\n" +
				"run that still works lets two runs write at once.",
			Flags: arguments.ForceUnlockFlags(),
		},
		run: parsed(arguments.ParseForceUnlock, runForceUnlock),
	}
}

func runForceUnlock(inv *invocation, args *arguments.ForceUnlock) error {
	id := args.ID
	d, err := openDeployment(inv, ".", flagChoice(args.Provider), false)
	if err != nil {
		return err
	}
	defer d.cancel()
	l, ok := d.provider.(providers.Locker)
	if !ok {
		return fmt.Errorf("provider %q has no locks: there is nothing to unlock", d.provider.Info().Name)
	}
	holder, err := l.LockHolder(d.ctx, d.stack.Name)
	if errors.Is(err, providers.ErrNotFound) {
		return fmt.Errorf("stack %q is not locked: nothing to unlock", d.stack.Name)
	}
	if err != nil {
		return err
	}
	if holder.ID != id {
		return fmt.Errorf("the lock of stack %q has ID %s, not %s (%s): check the ID and run again", d.stack.Name, holder.ID, id, holder)
	}
	if !args.AutoApprove {
		q := fmt.Sprintf("Do you really want to force-unlock stack %q?\n  It is held: %s.\n  Breaking the lock of a run that still works lets two runs change the stack at once.", d.stack.Name, holder)
		if err := askYes(inv, q, "force-unlock", "make sure the holder is gone and run again with -auto-approve"); err != nil {
			return err
		}
	}
	if err := l.Unlock(d.ctx, d.stack.Name, id); err != nil {
		return err
	}
	inv.view().Note(fmt.Sprintf("The lock of stack %q (ID %s) is broken: the stack is unlocked.", d.stack.Name, id))
	return nil
}
