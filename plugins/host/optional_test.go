package host

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/lock"
	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

// Protocol 1.2 across a real plugin process: instances (with and without
// a connection count), a function's state, tags set alone, and NotFound
// for a missing function.
func TestPluginServesInstancesStatesAndTags(t *testing.T) {
	p, prov := configure(t, "good")
	if p.ProtocolMinor != proto.ProtocolMinor || proto.ProtocolMinor < 2 {
		t.Errorf("the plugin reports protocol %d.%d; the SDK's is %d.%d", p.ProtocolVersion, p.ProtocolMinor, proto.ProtocolVersion, proto.ProtocolMinor)
	}
	fn := &providers.Function{Name: "chat", Tags: map[string]string{"team": "a"}}
	if _, err := prov.CreateFunction(ctx, fn, nil); err != nil {
		t.Fatal(err)
	}

	instances := prov.(providers.Instances)
	list, err := instances.ListInstances(ctx, "chat")
	two := 2
	want := []*providers.Instance{
		{ID: "c-1", Qualifier: "LATEST", VersionID: "0", Status: "Running", ResourceType: "Elastic", CreatedMs: 1765000000000, Connections: &two},
		{ID: "c-2", Qualifier: "LATEST", VersionID: "0"},
	}
	if err != nil || !reflect.DeepEqual(list, want) {
		t.Errorf("ListInstances: %+v, %v; want %+v", list, err, want)
	}

	states := prov.(providers.States)
	st, err := states.FunctionState(ctx, "chat")
	if wantSt := (&providers.FunctionState{State: "Active", LastUpdateStatus: "Failed", LastUpdateReason: "the test says so"}); err != nil || !reflect.DeepEqual(st, wantSt) {
		t.Errorf("FunctionState: %+v, %v; want %+v", st, err, wantSt)
	}

	tags := prov.(providers.Tags)
	if err := tags.TagFunction(ctx, "chat", map[string]string{providers.StackTag: "s"}); err != nil {
		t.Fatal(err)
	}
	if got, err := prov.GetFunction(ctx, "chat"); err != nil || !reflect.DeepEqual(got.Tags, map[string]string{"team": "a", providers.StackTag: "s"}) {
		t.Errorf("tags after TagFunction: %v, %v", got.Tags, err)
	}
	if err := tags.TagFunction(ctx, "chat", map[string]string{providers.StackTag: "other"}); err == nil || !strings.Contains(err.Error(), `belongs to stack "s"`) {
		t.Errorf("TagFunction moving a function to another stack: %v", err)
	}

	for call, err := range map[string]error{
		"ListInstances": errOf(instances.ListInstances(ctx, "nope")),
		"FunctionState": errOf(states.FunctionState(ctx, "nope")),
		"TagFunction":   tags.TagFunction(ctx, "nope", map[string]string{"a": "b"}),
	} {
		if !errors.Is(err, providers.ErrNotFound) || !strings.Contains(err.Error(), `function "nope"`) {
			t.Errorf("%s of a missing function: %v, want ErrNotFound with the plugin's message", call, err)
		}
	}
}

// The stack lock over a plugin keeps Locker's contract: a lock held by
// another run is a *providers.LockedError naming the holder exactly (to
// the nanosecond), which lock.Acquire turns into the message apply
// prints; the holder's own retry takes it; Unlock by another ID is
// refused with the holder; NotFound when nobody holds it.
func TestPluginLockKeepsTheLockerContract(t *testing.T) {
	_, prov := configure(t, "good")
	l := prov.(providers.Locker)
	first := providers.LockInfo{ID: "0123abcd", Operation: "apply", Who: "ci@runner-7", PID: 4242,
		Created: time.Date(2026, 12, 6, 3, 4, 5, 123456789, time.UTC)}
	if _, err := l.LockHolder(ctx, "s"); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("LockHolder of a free lock: %v, want ErrNotFound", err)
	}
	if err := l.Lock(ctx, "s", first); err != nil {
		t.Fatal(err)
	}
	if err := l.Lock(ctx, "s", first); err != nil {
		t.Errorf("the holder's retry (an answer lost): %v", err)
	}
	second := lock.NewInfo("destroy")
	err := l.Lock(ctx, "s", second)
	var held *providers.LockedError
	if !errors.As(err, &held) || held.Stack != "s" || !reflect.DeepEqual(held.Holder, first) {
		t.Fatalf("Lock of a held lock: %#v; want a *providers.LockedError naming %+v", err, first)
	}
	_, err = lock.Acquire(ctx, l, "s", "apply", lock.Options{})
	if err == nil || !strings.Contains(err.Error(), "ID 0123abcd, apply by ci@runner-7 (pid 4242) since 2026-12-06T03:04:05Z") ||
		!strings.Contains(err.Error(), "wsdeploy force-unlock 0123abcd") {
		t.Errorf("lock.Acquire of a held lock says: %v", err)
	}
	if h, err := l.LockHolder(ctx, "s"); err != nil || !reflect.DeepEqual(*h, first) {
		t.Errorf("LockHolder: %+v, %v; want %+v", h, err, first)
	}
	if err := l.Unlock(ctx, "s", second.ID); !errors.As(err, &held) || held.Holder.ID != first.ID {
		t.Errorf("Unlock by another ID: %v; want a *providers.LockedError naming %s", err, first.ID)
	}
	if err := l.Unlock(ctx, "s", first.ID); err != nil {
		t.Fatal(err)
	}
	if err := l.Unlock(ctx, "s", first.ID); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("Unlock of a free lock: %v, want ErrNotFound", err)
	}
	got, err := lock.Acquire(ctx, l, "s", "apply", lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Release(); err != nil {
		t.Error(err)
	}
}

// A create that finds its resource already there (another run created
// it) says so across the wire, and only then: apply does not count it as
// added.
func TestPluginReportsWhatExisted(t *testing.T) {
	_, prov := configure(t, "good")
	fn := &providers.Function{Name: "f", Tags: map[string]string{providers.StackTag: "s"}}
	trig := &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}}
	for i, want := range []bool{false, true} {
		var fnFound, trigFound bool
		if _, err := prov.CreateFunction(providers.WithExisted(ctx, func() { fnFound = true }), fn, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := prov.CreateTrigger(providers.WithExisted(ctx, func() { trigFound = true }), "f", trig); err != nil {
			t.Fatal(err)
		}
		if fnFound != want || trigFound != want {
			t.Errorf("create #%d: reported existed: function %t, trigger %t; want %t", i+1, fnFound, trigFound, want)
		}
	}
}

// Plugins built before protocol 1.2 (1.0 and 1.1), and one whose provider
// implements none of the optional interfaces, are adapted without 1.2's,
// so that status, import and apply take their paths for a provider
// without them; a 1.1 plugin keeps its custom domains and sessions.
func TestOlderPluginsLackTheNewInterfaces(t *testing.T) {
	for _, c := range []struct {
		mode     string
		minor    int
		domains  bool
		existing bool // the test provider would report existed
	}{{"old", 0, false, false}, {"old11", 1, true, false}, {"nodomains", proto.ProtocolMinor, false, true}} {
		t.Run(c.mode, func(t *testing.T) {
			t.Parallel()
			p, prov := configure(t, c.mode)
			if p.ProtocolMinor != c.minor {
				t.Errorf("reports protocol %d.%d, want minor %d", p.ProtocolVersion, p.ProtocolMinor, c.minor)
			}
			for _, f := range features {
				want := c.domains && f.since == 1
				if implements[f](prov) != want {
					t.Errorf("adapted with %s: %t, want %t", f.calls, !want, want)
				}
			}
			fn := &providers.Function{Name: "f", Tags: map[string]string{providers.StackTag: "s"}}
			found := false
			for range 2 {
				if _, err := prov.CreateFunction(providers.WithExisted(ctx, func() { found = true }), fn, nil); err != nil {
					t.Fatal(err)
				}
			}
			if found != c.existing {
				t.Errorf("a second create reported existed: %t, want %t", found, c.existing)
			}
		})
	}
}

// A plugin that says it has 1.2's interfaces but answers their calls
// Unimplemented gets errors that say what it lacks, since which protocol,
// matching errors.ErrUnsupported.
func TestPluginThatLacksTheLocksItClaims(t *testing.T) {
	_, prov := configure(t, "liar")
	instances, ok1 := prov.(providers.Instances)
	states, ok2 := prov.(providers.States)
	tags, ok3 := prov.(providers.Tags)
	locker, ok4 := prov.(providers.Locker)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		t.Fatalf("the plugin's claims were not honoured: %t %t %t %t", ok1, ok2, ok3, ok4)
	}
	for want, err := range map[string]error{
		"does not list instances":         errOf(instances.ListInstances(ctx, "f")),
		"does not report function states": errOf(states.FunctionState(ctx, "f")),
		"does not set tags alone":         tags.TagFunction(ctx, "f", nil),
		"has no stack locks":              locker.Lock(ctx, "s", lock.NewInfo("apply")),
		"has no stack locks ":             locker.Unlock(ctx, "s", "x"),
		"has no stack locks  ":            errOf(locker.LockHolder(ctx, "s")),
	} {
		want = `provider plugin "liar" ` + strings.TrimSpace(want) + " (it predates protocol 1.2 or does not implement them"
		if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%v\nwant %q, matching errors.ErrUnsupported", err, want)
		}
	}
}
