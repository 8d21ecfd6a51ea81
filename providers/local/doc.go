// Package local is the bundled local gateway as other programs see it: the
// local provider (the aliyun provider pointed at a gateway) and Start, Stop
// and Status to run one in the background. The gateway itself, a Function
// Compute look-alike that serves FC's control API, runs functions in their
// own sandboxes and carries their WebSocket traffic with FC's rules, lives
// under internal/gateway, one part per package (store, control API,
// instances, data plane, billing, ...), so it can change without breaking
// anyone who builds on this package.
package local
