package dataplane

import "time"

// Meter receives what FC bills: every connection or request on an
// instance, from when it reaches the instance to when it ends, with the
// function's memory. Merging overlapping ones per instance (concurrency > 1
// bills A T1–T3 and B T2–T4 as T1–T4) is the meter's job.
// *billing.Meter is one; calls may come from many goroutines.
type Meter interface {
	// Begin starts a WebSocket connection; done ends it at end.
	Begin(function, instanceID string, memoryMB int, at time.Time) (done func(end time.Time))
	// BeginRequest is Begin for a plain HTTP request.
	BeginRequest(function, instanceID string, memoryMB int, at time.Time) (done func(end time.Time))
	// BeginHook is Begin for a lifecycle hook call, which FC bills but
	// does not count as a request.
	BeginHook(function, instanceID string, memoryMB int, at time.Time) (done func(end time.Time))
	// Forget folds an ended instance into its function's totals; it
	// reports false while the instance still has something open.
	Forget(function, instanceID string) bool
}

type noMeter struct{}

func (noMeter) Begin(string, string, int, time.Time) func(time.Time) { return func(time.Time) {} }
func (noMeter) BeginRequest(string, string, int, time.Time) func(time.Time) {
	return func(time.Time) {}
}
func (noMeter) BeginHook(string, string, int, time.Time) func(time.Time) {
	return func(time.Time) {}
}
func (noMeter) Forget(string, string) bool { return true }
