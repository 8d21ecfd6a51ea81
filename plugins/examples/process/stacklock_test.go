package main

import (
	"errors"
	"reflect"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/lock"
	"github.com/wsdeploy/wsdeploy/providers"
)

// Two plugin processes on one state directory, as two wsdeploy runs of a
// stack are: the lock one takes is refused to the other with the holder
// named, until it is released; a function the first created is, to the
// second's create of the same, found there (reported, not made again).
func TestTwoRunsShareTheStackLockAndWhatExists(t *testing.T) {
	needNginx(t)
	dir := stateDir(t)
	first, second := openPlugin(t, dir), openPlugin(t, dir)
	l1, ok1 := first.(providers.Locker)
	l2, ok2 := second.(providers.Locker)
	if !ok1 || !ok2 {
		t.Fatal("the example is not offered as a providers.Locker")
	}
	h := lock.NewInfo("apply")
	if err := l1.Lock(ctx, "s", h); err != nil {
		t.Fatal(err)
	}
	var held *providers.LockedError
	if err := l2.Lock(ctx, "s", lock.NewInfo("apply")); !errors.As(err, &held) || !reflect.DeepEqual(held.Holder, h) {
		t.Fatalf("the second run's Lock: %v; want a *providers.LockedError naming %s", err, h)
	}
	if err := l2.Lock(ctx, "other stack", lock.NewInfo("apply")); err != nil {
		t.Errorf("another stack's lock: %v", err)
	}
	if err := l1.Unlock(ctx, "s", h.ID); err != nil {
		t.Fatal(err)
	}
	if err := l2.Lock(ctx, "s", lock.NewInfo("destroy")); err != nil {
		t.Errorf("the second run's Lock after the first released it: %v", err)
	}

	fn := &providers.Function{Name: "f", Runtime: "custom.debian12", Command: []string{"./bootstrap"},
		Tags: map[string]string{providers.StackTag: "s"}}
	code := codeZip(t, "#!/bin/sh\nexec sleep 1000\n")
	for i, p := range []providers.Provider{first, second} {
		found := false
		if _, err := p.CreateFunction(providers.WithExisted(ctx, func() { found = true }), fn, code); err != nil {
			t.Fatal(err)
		}
		if found != (i == 1) {
			t.Errorf("run %d's create reported existed: %t", i+1, found)
		}
	}
	other := *fn
	other.Description = "not what the first run made"
	if _, err := second.CreateFunction(ctx, &other, code); err == nil {
		t.Error("a create of a different function by the same name succeeded")
	}
	if err := first.DeleteFunction(ctx, "f"); err != nil {
		t.Error(err)
	}
}
