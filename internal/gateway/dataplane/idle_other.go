//go:build !linux

package dataplane

import (
	"net"
	"time"
)

// idleSupported: elsewhere the plane cannot see socket activity without
// copying in user space, so idle-drop is refused.
const idleSupported = false

func idleFor(net.Conn, net.Conn) (time.Duration, bool) { return 0, false }
