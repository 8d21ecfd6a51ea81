package dataplane

import (
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
)

// EventKind is what happened to an instance.
type EventKind string

// Instance lifecycle events.
const (
	InstanceStarted     EventKind = "started"      // ready to serve
	InstanceStartFailed EventKind = "start-failed" // Err says why
	InstanceStopped     EventKind = "stopped"      // the plane stopped it; Reason says why
	InstanceCrashed     EventKind = "crashed"      // it ended by itself; Exit says how
)

// Reasons the plane stops an instance.
const (
	ReasonIdle    = "idle"    // served nothing for IdleTTL
	ReasonDrained = "drained" // its function's spec changed or was deleted
	ReasonClosed  = "closed"  // the plane closed
	// ReasonReclaimed: it was idle and the oldest so, and a new instance
	// needed its place under MaxInstances.
	ReasonReclaimed = "reclaimed"
	// ReasonUnprovisioned: a provisioned instance beyond a lowered target.
	ReasonUnprovisioned = "unprovisioned"
)

// InstanceEvent reports one change of an instance, for logs and tests.
type InstanceEvent struct {
	Kind       EventKind
	Function   string
	InstanceID string
	At         time.Time
	ColdStart  time.Duration // InstanceStarted
	// Provisioned: the instance was started for the provision config, not
	// for a request (InstanceStarted).
	Provisioned bool
	Reason      string        // InstanceStopped
	Exit        instance.Exit // InstanceStopped, InstanceCrashed
	Err         error         // InstanceStartFailed
}
