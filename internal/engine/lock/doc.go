// Package lock takes a stack's lock for an apply or destroy and holds it
// for the run, with Terraform's waiting policy: a run that finds the lock
// held fails at once naming the holder, or with a timeout retries until it
// is free or the timeout ends. The lock itself is the provider's
// (providers.Locker): this package only chooses the ID, says who holds it,
// and waits.
package lock
