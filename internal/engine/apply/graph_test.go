package apply

import (
	"fmt"
	"slices"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

func change(addr string, kind plan.Kind, fn, trigger string, a plan.Action) *plan.Change {
	return &plan.Change{Address: addr, Kind: kind, Function: fn, Trigger: trigger, Action: a}
}

// name is a step as "action address".
func name(s *step) string { return fmt.Sprintf("%s %s", s.action, s.change.Address) }

// order returns one order in which the steps may run (dependencies first),
// failing on a cycle.
func order(t *testing.T, steps []*step) []string {
	t.Helper()
	pending := map[*step]int{}
	var ready []*step
	for _, s := range steps {
		pending[s] = s.pending
		if s.pending == 0 {
			ready = append(ready, s)
		}
	}
	var out []string
	for len(ready) > 0 {
		s := ready[0]
		ready = ready[1:]
		out = append(out, name(s))
		for _, d := range s.dependents {
			if pending[d]--; pending[d] == 0 {
				ready = append(ready, d)
			}
		}
	}
	if len(out) != len(steps) {
		t.Fatalf("cycle: only %v can run", out)
	}
	return out
}

func before(t *testing.T, ord []string, first, then string) {
	t.Helper()
	i, j := slices.Index(ord, first), slices.Index(ord, then)
	if i < 0 || j < 0 || i > j {
		t.Errorf("%q must run before %q: %v", first, then, ord)
	}
}

func TestStepsOrder(t *testing.T) {
	steps := steps([]*plan.Change{
		change("function.new", plan.KindFunction, "new", "", plan.Create),
		change("function.new.http_trigger.ws", plan.KindHTTPTrigger, "new", "ws", plan.Create),
		change("function.rep", plan.KindFunction, "rep", "", plan.Replace),
		change("function.rep.http_trigger.ws", plan.KindHTTPTrigger, "rep", "ws", plan.Replace),
		change("function.rep.http_trigger.old", plan.KindHTTPTrigger, "rep", "old", plan.Delete),
		change("function.rep.trigger.timer", plan.KindTrigger, "rep", "timer", plan.Delete),
		change("function.gone", plan.KindFunction, "gone", "", plan.Delete),
		change("function.gone.http_trigger.ws", plan.KindHTTPTrigger, "gone", "ws", plan.Delete),
		change("function.same", plan.KindFunction, "same", "", plan.NoOp),
		change("function.same.http_trigger.ws", plan.KindHTTPTrigger, "same", "ws", plan.Update),
	})
	if len(steps) != 11 { // two per replacement, none for the no-op
		t.Fatalf("%d steps", len(steps))
	}
	ord := order(t, steps)
	before(t, ord, "create function.new", "create function.new.http_trigger.ws")
	before(t, ord, "delete function.rep.http_trigger.ws", "delete function.rep")
	before(t, ord, "delete function.rep.http_trigger.old", "delete function.rep")
	before(t, ord, "delete function.rep.trigger.timer", "delete function.rep")
	before(t, ord, "delete function.rep", "create function.rep")
	before(t, ord, "create function.rep", "create function.rep.http_trigger.ws")
	before(t, ord, "delete function.gone.http_trigger.ws", "delete function.gone")
	for _, s := range steps {
		if s.change.Address == "function.same.http_trigger.ws" && s.pending != 0 {
			t.Error("a trigger of an unchanged function waits for nothing")
		}
	}
}

// dependsOn reports whether s runs only after dep (directly or through
// other steps).
func dependsOn(s, dep *step) bool {
	for _, d := range dep.dependents {
		if d == s || dependsOn(s, d) {
			return true
		}
	}
	return false
}

// Renaming a function's HTTP trigger deletes the old one before creating
// the new one: FC refuses a second HTTP trigger on a function.
func TestTriggerRenameDeletesFirst(t *testing.T) {
	all := steps([]*plan.Change{
		change("function.chat.http_trigger.new", plan.KindHTTPTrigger, "chat", "new", plan.Create),
		change("function.chat.http_trigger.old", plan.KindHTTPTrigger, "chat", "old", plan.Delete),
		change("function.other.http_trigger.ws", plan.KindHTTPTrigger, "other", "ws", plan.Create),
	})
	create, del, other := all[0], all[1], all[2]
	if !dependsOn(create, del) {
		t.Errorf("%s does not wait for %s", name(create), name(del))
	}
	if dependsOn(other, del) {
		t.Errorf("%s waits for another function's %s", name(other), name(del))
	}
	order(t, all) // no cycle
}

func domain(host string, a plan.Action, routesTo, routedTo []string) *plan.Change {
	return &plan.Change{Address: "custom_domain." + host, Kind: plan.KindCustomDomain, Label: host, Domain: host,
		Action: a, RoutesTo: routesTo, RoutedTo: routedTo}
}

// A custom domain is written after the functions it will route to, and
// a function is deleted after the domains that stop routing to it; other
// steps do not wait for domains.
func TestStepsOrderDomains(t *testing.T) {
	all := steps([]*plan.Change{
		change("function.new", plan.KindFunction, "new", "", plan.Create),
		change("function.upd", plan.KindFunction, "upd", "", plan.Update),
		change("function.gone", plan.KindFunction, "gone", "", plan.Delete),
		change("function.kept", plan.KindFunction, "kept", "", plan.Delete),
		change("function.rep", plan.KindFunction, "rep", "", plan.Replace),
		change("function.other", plan.KindFunction, "other", "", plan.Create),
		domain("a.test", plan.Create, []string{"new", "upd"}, nil),
		domain("b.test", plan.Update, []string{"rep"}, []string{"gone", "kept", "rep"}),
		domain("c.test", plan.Delete, nil, []string{"rep"}),
	})
	ord := order(t, all) // no cycle
	before(t, ord, "create function.new", "create custom_domain.a.test")
	before(t, ord, "update function.upd", "create custom_domain.a.test")
	before(t, ord, "create function.rep", "update custom_domain.b.test")
	before(t, ord, "update custom_domain.b.test", "delete function.gone")
	before(t, ord, "update custom_domain.b.test", "delete function.kept")
	before(t, ord, "delete custom_domain.c.test", "delete function.rep")
	byName := map[string]*step{}
	for _, s := range all {
		byName[name(s)] = s
	}
	for _, s := range []string{"create function.other", "create function.new", "delete custom_domain.c.test"} {
		if byName[s].pending != 0 {
			t.Errorf("%s waits for %d steps", s, byName[s].pending)
		}
	}
	// b.test still routes to rep: rep's old version goes without waiting
	// for b.test (which waits for rep's new version).
	if dependsOn(byName["delete function.rep"], byName["update custom_domain.b.test"]) {
		t.Error("a replaced function's delete waits for a domain that keeps routing to it")
	}
}
