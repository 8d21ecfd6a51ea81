//go:build !linux

package dataplane

import (
	"net"
	"time"
)

// evtunnel is the event loop, which only Linux has here: every tunnel
// that the kernel does not carry takes the goroutine relay.
type evtunnel struct{}

func loopStart(net.Conn, net.Conn, func()) *evtunnel { return nil }
func (*evtunnel) run()                               {}
func (*evtunnel) fail()                              {}
func (*evtunnel) cut() bool                          { return false }
func (*evtunnel) idleFor() (time.Duration, bool)     { return 0, false }
