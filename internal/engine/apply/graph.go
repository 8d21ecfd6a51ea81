package apply

import (
	"slices"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// step is one provider operation of the plan.
type step struct {
	change  *plan.Change
	action  plan.Action // Create, Update or Delete
	replace bool        // one half of a replacement

	pending    int     // dependencies not yet finished
	dependents []*step // steps waiting for this one
	cause      *step   // the first dependency that did not succeed
}

func (s *step) after(dep *step) {
	s.pending++
	dep.dependents = append(dep.dependents, s)
}

// steps turns the plan's changes into steps with their dependencies:
//   - a replacement deletes before it creates;
//   - a trigger is written after its function is (created, updated, or
//     created again by a replacement);
//   - a function is deleted after its triggers are;
//   - a trigger is created on a function after that function's trigger
//     deletions: FC allows one HTTP trigger per function, so renaming one
//     must delete the old name first;
//   - a custom domain is written after the functions it will route to
//     are (their create or update returns once FC settled them), and a
//     function is deleted after the domains that routed to it stopped
//     (updated or deleted), so no route ever points at a missing function:
//     a destroy deletes domains before functions.
func steps(changes []*plan.Change) []*step {
	var all, triggerWrites, triggerDeletes, domains []*step
	functionWrite := map[string]*step{}
	functionDelete := map[string]*step{}
	for _, c := range changes {
		var parts []*step
		switch c.Action {
		case plan.NoOp:
			continue
		case plan.Replace:
			del := &step{change: c, action: plan.Delete, replace: true}
			create := &step{change: c, action: plan.Create, replace: true}
			create.after(del)
			parts = []*step{del, create}
		default:
			parts = []*step{{change: c, action: c.Action}}
		}
		for _, s := range parts {
			switch {
			case c.Kind == plan.KindCustomDomain:
				domains = append(domains, s)
			case c.Kind == plan.KindFunction && s.action == plan.Delete:
				functionDelete[c.Function] = s
			case c.Kind == plan.KindFunction:
				functionWrite[c.Function] = s
			case s.action == plan.Delete:
				triggerDeletes = append(triggerDeletes, s)
			default:
				triggerWrites = append(triggerWrites, s)
			}
		}
		all = append(all, parts...)
	}
	for _, t := range triggerWrites {
		if fn := functionWrite[t.change.Function]; fn != nil {
			t.after(fn)
		}
	}
	for _, t := range triggerDeletes {
		if fn := functionDelete[t.change.Function]; fn != nil {
			fn.after(t)
		}
		for _, w := range triggerWrites {
			if w.action == plan.Create && w.change.Function == t.change.Function {
				w.after(t)
			}
		}
	}
	for _, d := range domains {
		if d.action != plan.Delete {
			for _, fn := range d.change.RoutesTo {
				if w := functionWrite[fn]; w != nil {
					d.after(w)
				}
			}
		}
		for _, fn := range d.change.RoutedTo {
			if del := functionDelete[fn]; del != nil && (d.action == plan.Delete || !slices.Contains(d.change.RoutesTo, fn)) {
				del.after(d)
			}
		}
	}
	return all
}
