//go:build !unix

package dataplane

import (
	"io"
	"net"
)

// copyWhenReady is io.Copy where the runtime's poller cannot be asked to
// wait on a bare socket.
func copyWhenReady(dst, src net.Conn) error {
	_, err := io.Copy(dst, src)
	return err
}
