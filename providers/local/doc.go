// Package local is the bundled local gateway: a Function Compute look-alike
// that serves FC's control API, runs functions as local processes and carries
// their WebSocket traffic with FC's rules. Its sub-packages each hold one
// part (store, control API, instances, billing, ...).
package local
