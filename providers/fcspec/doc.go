// Package fcspec is the catalogue of Function Compute's vocabulary and
// limits, in one place: the error codes with their statuses on the control
// API and on HTTP triggers (errorcodes.go), function states and update
// statuses, auth types, trigger types and runtimes, the function name
// pattern, the ranges of timeout, memory, CPU, disk, instance concurrency and
// port, and the environment size and reserved prefix. No other package
// spells an FC code or enum value: the aliyun provider, the local gateway,
// the smoke test and plugins name these constants, so the client and the
// emulator cannot drift apart.
//
// Both sides use it: internal/engine/config validates a stack before any API call, and
// the local gateway's control API refuses what FC would refuse. Each check
// returns an error whose text says what is wrong and how to fix it, without
// naming the field, so callers can prefix the field name in their own terms
// (an HCL attribute or an FC JSON key). Facts marked "unconfirmed" in
// FC-REFERENCE.md are marked here too, so they are easy to correct.
package fcspec
