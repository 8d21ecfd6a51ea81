// Package smoke proves a deployment works: it opens a WebSocket to each
// function's GET trigger, checks that a ping is answered, optionally sends a
// message and checks the reply, and closes with 1000.
//
// Function Compute serves a new or changed trigger only after a cache update
// of about 10 s, so a fresh URL answers 404 for a while. Run waits that out
// instead of failing: answers that mean "not yet" (404, 500, 503, refused
// or reset connections) are retried with capped, jittered exponential
// backoff until the target's deadline (smoke.timeout, 60 s by default), and
// so, more slowly, is 429, which means no capacity (the instances the
// account's quota allows are all busy). Answers that waiting cannot fix
// (403 for a trigger without GET, 400/403 auth refusals, the function's own
// failure) end the target at once with FC's words and what to do. After a trigger update FC keeps
// serving the old configuration for a while, so there 400, 403 and 404 are
// retried within the propagation window only (see classify.go).
//
// A target ends ok, failed (reachable, but refused or answered wrongly:
// exit code 3) or unreachable (never reachable before its deadline: exit
// code 4); Summary.ExitCode combines them.
//
// Every open check holds an instance of its function and FC caps an
// account's instances, so Run checks Options.Parallelism targets at a time
// (half the provider's instance limit, see Parallelism), each closing its
// connection as soon as it is done; a target holds no turn while it waits
// between attempts, and its deadline starts with its first attempt.
//
// Run reports progress through Options.Progress, one call at a time, and
// never prints: internal/engine/views renders it. Targets builds the list from a
// stack and the URLs apply observed.
package smoke
