package locke2e

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/lock"
	"github.com/wsdeploy/wsdeploy/internal/gatewaytest"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

var ctx = context.Background()

func gateway(t *testing.T) providers.Locker {
	t.Helper()
	p, _, err := local.New(ctx, local.Settings{StateDir: gatewaytest.Start(t, nil), NoStart: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHeldFailsAtOnceNamingTheHolder(t *testing.T) {
	l := gateway(t)
	first, err := lock.Acquire(ctx, l, "demo", "apply", lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	waited := false
	_, err = lock.Acquire(ctx, l, "demo", "destroy", lock.Options{Waiting: func(providers.LockInfo) { waited = true }})
	var held *providers.LockedError
	if !errors.As(err, &held) || held.Holder != first.Info {
		t.Fatalf("second Acquire: %v; want the holder %v", err, first.Info)
	}
	if waited {
		t.Error("without -lock-timeout the second run waited")
	}
	for _, want := range []string{first.Info.ID, first.Info.Who, "apply", "since", "-lock-timeout", "wsdeploy force-unlock " + first.Info.ID} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q: %v", want, err)
		}
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
}

// A run with a timeout waits while the lock is held and takes it once the
// holder releases it (here, as soon as the waiter first sees it held).
func TestWaitsUntilReleased(t *testing.T) {
	l := gateway(t)
	first, err := lock.Acquire(ctx, l, "demo", "apply", lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var seen []providers.LockInfo
	second, err := lock.Acquire(ctx, l, "demo", "apply", lock.Options{Timeout: 2 * time.Minute, Poll: 10 * time.Millisecond,
		Waiting: func(h providers.LockInfo) {
			if len(seen) == 0 {
				if err := first.Release(); err != nil {
					t.Error(err)
				}
			}
			seen = append(seen, h)
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 || seen[0] != first.Info {
		t.Errorf("the waiter saw %v, want the first holder", seen)
	}
	got, err := l.LockHolder(ctx, "demo")
	if err != nil || *got != second.Info {
		t.Errorf("holder %v (%v), want %v", got, err, second.Info)
	}
}

func TestTimeoutEndsTheWait(t *testing.T) {
	l := gateway(t)
	if _, err := lock.Acquire(ctx, l, "demo", "apply", lock.Options{}); err != nil {
		t.Fatal(err)
	}
	_, err := lock.Acquire(ctx, l, "demo", "apply", lock.Options{Timeout: 100 * time.Millisecond, Poll: 10 * time.Millisecond})
	var lerr *lock.Error
	if !errors.As(err, &lerr) || lerr.Waited != 100*time.Millisecond || !strings.Contains(err.Error(), "waited 100ms") {
		t.Fatalf("err = %v", err)
	}
}
