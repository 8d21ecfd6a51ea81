//go:build !linux

package dataplane

import (
	"net"
	"time"
)

// ktunnel is the kernel fast path, which only Linux has: every tunnel takes
// the user-space relay.
type ktunnel struct{}

func newKernelTunnel(*net.TCPConn) *ktunnel                { return nil }
func (*ktunnel) attachClient(net.Conn, int, net.Conn)      {}
func (*ktunnel) active() bool                              { return false }
func (*ktunnel) release()                                  {}
func (*ktunnel) cut() bool                                 { return false }
func (*ktunnel) start(_, _ net.Conn, _ int64, done func()) {}
func (*ktunnel) idleFor() (time.Duration, bool)            { return 0, false }
