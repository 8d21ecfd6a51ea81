// Package fcspec holds Function Compute's limits and enumerations in one
// place: the function name pattern, the ranges of timeout, memory, CPU, disk,
// instance concurrency and port, the environment size and reserved prefix,
// trigger methods and auth types, and which runtimes can serve WebSocket.
//
// Both sides use it: engine/config validates a stack before any API call, and
// the local gateway's control API refuses what FC would refuse. Each check
// returns an error whose text says what is wrong and how to fix it, without
// naming the field, so callers can prefix the field name in their own terms
// (an HCL attribute or an FC JSON key). Facts marked "unconfirmed" in
// FC-REFERENCE.md are marked here too, so they are easy to correct.
package fcspec
