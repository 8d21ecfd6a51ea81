package apply

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// Result is what an apply did.
type Result struct {
	Destroy bool // the plan was a destroy plan
	// Added, Changed and Destroyed count completed steps as Terraform
	// counts resources: a replacement is one added and one destroyed. A
	// create that found its resource already there (Done.Existed) is not
	// added: the report says only what this apply did.
	Added, Changed, Destroyed int
	Done                      []Done
	Failed                    []*StepError
	// Skipped steps were not attempted: a step they depend on failed, or
	// the apply was cancelled.
	Skipped []Skip
	// URLs are the public URLs of the stack's HTTP triggers by function
	// label and trigger name: observed by the plan, or returned by the
	// create or update that apply made.
	URLs config.TriggerURLs
}

// Done is a step that succeeded.
type Done struct {
	Change  *plan.Change
	Action  plan.Action
	Elapsed time.Duration
	// Finished is when the provider confirmed it: a trigger created or
	// updated then takes about 10 s more to serve (the smoke test waits).
	Finished time.Time
	// Existed marks a create that found the resource already there as
	// planned, which another run created: it is not counted as added.
	Existed bool
}

// ExistedDetail is the Detail of a Complete event whose create found the
// resource already there, as planned.
const ExistedDetail = "it already existed as planned (another run created it): not counted as added"

// Skip is a step that was not attempted.
type Skip struct {
	Change *plan.Change
	Action plan.Action
	Reason string
}

// StepError is a step that failed. Its text names the resource and what
// was being done; secrets are scrubbed from it.
type StepError struct {
	Change  *plan.Change
	Action  plan.Action
	Elapsed time.Duration
	text    string
	err     error
}

func (e *StepError) Error() string { return e.text }
func (e *StepError) Unwrap() error { return e.err }

// Error is a partial failure: what failed and what was not attempted. The
// Result beside it says what was done.
type Error struct {
	Failed  []*StepError
	Skipped []Skip
}

func (e *Error) Error() string {
	msgs := make([]string, len(e.Failed))
	for i, f := range e.Failed {
		msgs[i] = f.Error()
	}
	s := fmt.Sprintf("%d of the planned operations failed: %s", len(e.Failed), strings.Join(msgs, "; "))
	if len(e.Skipped) > 0 {
		s += fmt.Sprintf("; %d not attempted", len(e.Skipped))
	}
	return s + ". Run wsdeploy apply again to finish: it plans only the remaining work"
}

// Unwrap gives errors.Is and errors.As each failure.
func (e *Error) Unwrap() []error {
	out := make([]error, len(e.Failed))
	for i, f := range e.Failed {
		out[i] = f
	}
	return out
}

// ChangedFunctions are the labels of the functions that apply created or
// changed (themselves or a trigger), sorted: what a smoke test of the
// changes should check.
func (r *Result) ChangedFunctions() []string {
	return r.changed(func(k plan.Kind) bool { return k != plan.KindCustomDomain })
}

// ChangedDomains are the host names of the custom domains that apply
// created or changed, sorted.
func (r *Result) ChangedDomains() []string {
	return r.changed(func(k plan.Kind) bool { return k == plan.KindCustomDomain })
}

func (r *Result) changed(kind func(plan.Kind) bool) []string {
	var out []string
	for _, d := range r.Done {
		if d.Action != plan.Delete && kind(d.Change.Kind) && !slices.Contains(out, d.Change.Label) {
			out = append(out, d.Change.Label)
		}
	}
	slices.Sort(out)
	return out
}

// verb is how a step's action reads in messages.
func verb(a plan.Action) string {
	switch a {
	case plan.Create:
		return "creating"
	case plan.Update:
		return "updating"
	}
	return "deleting"
}

func past(a plan.Action) string {
	switch a {
	case plan.Create:
		return "created"
	case plan.Update:
		return "updated"
	}
	return "deleted"
}
