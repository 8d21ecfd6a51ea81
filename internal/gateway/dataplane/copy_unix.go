//go:build unix

package dataplane

import (
	"io"
	"net"
	"sync"
	"syscall"
)

// copyBufSize is one read's worth: a 16 KB message in one read, as io.Copy.
const copyBufSize = 32 << 10

var copyBufs = sync.Pool{New: func() any { b := make([]byte, copyBufSize); return &b }}

// copyWhenReady is io.Copy(dst, src) that holds nothing while src has
// nothing to read. Most tunnels are idle most of the time: io.Copy between
// TCP sockets splices through a pipe it keeps while it waits (two file
// descriptors per direction, a third of the open-file cap at 9,500
// connections), and a plain io.Copy keeps a 32 KB buffer. Here the wait
// is the runtime's poller on the bare socket, and a pooled buffer is
// taken only once bytes are there: read, write, and the read that finds
// nothing more, as io.Copy does.
func copyWhenReady(dst, src net.Conn) error {
	sc, ok := src.(syscall.Conn)
	if !ok {
		_, err := io.Copy(dst, src)
		return err
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var (
		buf  *[]byte
		n    int
		rerr error
	)
	read := func(fd uintptr) bool {
		if buf == nil {
			buf = copyBufs.Get().(*[]byte)
		}
		for {
			n, rerr = syscall.Read(int(fd), *buf)
			if rerr != syscall.EINTR {
				break
			}
		}
		if rerr == syscall.EAGAIN {
			copyBufs.Put(buf) // nothing to hold while waiting
			buf = nil
			return false
		}
		return true
	}
	defer func() {
		if buf != nil {
			copyBufs.Put(buf)
		}
	}()
	for {
		if err := rc.Read(read); err != nil {
			return err // closed, by a cut or by the other direction
		}
		switch {
		case rerr != nil:
			return rerr
		case n == 0:
			return nil // EOF
		}
		if _, err := dst.Write((*buf)[:n]); err != nil {
			return err
		}
	}
}
