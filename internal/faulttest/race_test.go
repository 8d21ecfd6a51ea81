//go:build race

package faulttest

// raceEnabled: the race detector's shadow memory grows with what a process
// has touched and is never returned, so RSS cannot come back to a baseline.
const raceEnabled = true
