package smoke

import "time"

// EventType is what an Event reports.
type EventType string

const (
	Started  EventType = "start"   // a target's check begins (all are announced before any attempt)
	Waiting  EventType = "waiting" // an attempt failed in a way worth retrying; the next follows
	Finished EventType = "result"  // a target's check ended: Result is set
)

// Event is the progress of one target, for views: "waiting for trigger ws
// of chat to propagate… 4s" on a terminal.
type Event struct {
	Type   EventType
	Target *Target
	// Waiting: attempts so far, time since the first, and what the last
	// one met ("FC answered 404 FcCommonError TriggerNotFound: ...").
	Attempt int
	Waited  time.Duration
	Last    string
	Result  *Result // Finished
}
