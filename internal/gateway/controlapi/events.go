package controlapi

import "time"

// EventKind says what changed.
type EventKind string

const (
	FunctionCreated    EventKind = "FunctionCreated"
	FunctionUpdated    EventKind = "FunctionUpdated"
	FunctionDeleted    EventKind = "FunctionDeleted"
	TriggerCreated     EventKind = "TriggerCreated"
	TriggerUpdated     EventKind = "TriggerUpdated"
	TriggerDeleted     EventKind = "TriggerDeleted"
	ConcurrencyChanged EventKind = "ConcurrencyChanged" // put or deleted
	ProvisionChanged   EventKind = "ProvisionChanged"   // put or deleted
	DomainSet          EventKind = "DomainSet"          // a custom domain created or updated
	DomainDeleted      EventKind = "DomainDeleted"
)

// Event reports one committed change, for the data plane: FC applies a new
// or changed trigger only after a propagation delay counted from Time, and
// instances of a function whose code changed must be replaced.
//
// Notify is called after the change is committed and before the API
// answers, while the function's lock is held: events of one function arrive
// in commit order, and reading the store inside Notify sees exactly the
// state this event describes (later writes to that function wait). Events
// of different functions may arrive concurrently, so Notify must be safe
// for concurrent use, and it must return quickly (hand the event to a
// queue): the API call waits for it.
type Event struct {
	Kind     EventKind
	Time     time.Time // when the change was committed (gateway clock, UTC)
	Function string    // the function's name
	Trigger  string    // the trigger's name, for trigger events
	Domain   string    // the custom domain's name, for domain events
	// CodeChanged is set on FunctionUpdated when codeChecksum changed:
	// running instances still run the previous code, which is kept on disk
	// until the next code change.
	CodeChanged bool
	// EffectiveAt is when a FunctionUpdated change reaches the data plane:
	// after Config.StateDelay, while lastUpdateStatus is InProgress and
	// requests still reach the previous configuration. Zero means Time.
	EffectiveAt time.Time
}

func (h *Handler) notify(e Event) {
	if h.cfg.Notify != nil {
		h.cfg.Notify(e)
	}
}
