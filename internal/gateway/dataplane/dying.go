package dataplane

import (
	"context"
	"io"
	"time"
)

// dyingGrace bounds the wait for an instance whose port refused or reset a
// handshake to be known as ended: a killed process closes its sockets a
// moment before its exit can be reaped, and the instance package then
// drains its output (at most 2 s).
const dyingGrace = 3 * time.Second

// endsWithin reports whether the instance leaves placement for good
// within d.
func (in *inst) endsWithin(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-in.ended:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// countingReader counts the bytes an instance answered, to tell a handshake
// it never saw from one it began to answer.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
