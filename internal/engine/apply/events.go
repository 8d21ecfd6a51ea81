package apply

import (
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// EventType is what happened to a step.
type EventType string

const (
	Started  EventType = "apply_start"
	Complete EventType = "apply_complete"
	Errored  EventType = "apply_errored"
	// Skipped: not attempted, because a step it depends on failed or the
	// apply was cancelled.
	Skipped EventType = "apply_skipped"
	// Progressing: the step is still running, waiting on the cloud
	// (Detail says for what), as Terraform's "Still creating...".
	Progressing EventType = "apply_progress"
)

// Event is one step's progress.
type Event struct {
	Type   EventType
	Change *plan.Change
	// Action is the step's: create, update or delete. A replacement is
	// a delete step, then a create step.
	Action plan.Action
	// Replace marks the steps of a replacement.
	Replace bool
	// Elapsed is set on Complete, Errored and Progressing.
	Elapsed time.Duration
	// Detail is what a Progressing step waits for, or on Complete
	// ExistedDetail for a create that found its resource already there.
	Detail string
	// Err is set on Errored (secrets scrubbed) and Skipped (why).
	Err error
}
