//go:build !linux

package dataplane

import (
	"errors"
	"net"
)

// keepAliveInherited: elsewhere Go sets keep-alive on each accepted
// connection.
const keepAliveInherited = false

func setKeepAlive(int, net.KeepAliveConfig) error { return errors.ErrUnsupported }
