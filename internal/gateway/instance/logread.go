package instance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
)

// DefaultFollowPoll is how often a follower looks for new lines. The writer
// is another process (the gateway), so there is nothing to wait on but the
// file itself.
const DefaultFollowPoll = 250 * time.Millisecond

// ReadOptions select what ReadLog delivers.
type ReadOptions struct {
	Since  time.Time     // only entries at or after Since; zero for all
	Follow bool          // after the end, keep delivering new entries until ctx ends
	Poll   time.Duration // how often to look for new entries; default DefaultFollowPoll
}

// ReadLog gives emit each entry of the log file at path (see LogPath), in
// file order. Following, it waits for the file to appear, starts over if the
// file is truncated, and returns nil when ctx ends. An error from emit stops
// it and is returned.
func ReadLog(ctx context.Context, path string, opts ReadOptions, emit func(Entry) error) error {
	if opts.Poll <= 0 {
		opts.Poll = DefaultFollowPoll
	}
	r := &logReader{opts: opts, emit: emit, wait: time.NewTimer(0)}
	defer r.wait.Stop()
	f, err := r.open(ctx, path)
	if f == nil {
		return err
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	var off int64
	for {
		n, err := f.Read(chunk)
		off += int64(n)
		if err := r.feed(chunk[:n]); err != nil {
			return err
		}
		switch {
		case err == nil:
			continue
		case !errors.Is(err, io.EOF):
			return err
		case !opts.Follow:
			return nil
		}
		if fi, err := f.Stat(); err == nil && fi.Size() < off { // truncated
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return err
			}
			off, r.partial = 0, r.partial[:0]
		}
		if !r.pause(ctx) {
			return nil
		}
	}
}

type logReader struct {
	opts    ReadOptions
	emit    func(Entry) error
	partial []byte // an incomplete last line
	wait    *time.Timer
}

// open opens path; following, it waits for the file to exist. It returns a
// nil file when there is nothing to read, with the error to return.
func (r *logReader) open(ctx context.Context, path string) (*os.File, error) {
	for {
		f, err := os.Open(path)
		switch {
		case err == nil:
			return f, nil
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		case !r.opts.Follow:
			return nil, fmt.Errorf("no log at %s: the function has written no output yet", path)
		}
		if !r.pause(ctx) {
			return nil, nil
		}
	}
}

// pause waits one poll interval; false means ctx ended.
func (r *logReader) pause(ctx context.Context) bool {
	r.wait.Reset(r.opts.Poll)
	select {
	case <-ctx.Done():
		return false
	case <-r.wait.C:
		return true
	}
}

// feed delivers the complete lines of b, keeping a trailing partial line
// (a write in progress) for the next call.
func (r *logReader) feed(b []byte) error {
	r.partial = append(r.partial, b...)
	rest := r.partial
	for {
		line, after, ok := bytes.Cut(rest, []byte{'\n'})
		if !ok {
			break
		}
		rest = after
		if len(line) == 0 {
			continue
		}
		e := decodeEntry(line)
		if !r.opts.Since.IsZero() && e.Time.Before(r.opts.Since) {
			continue
		}
		if err := r.emit(e); err != nil {
			return err
		}
	}
	r.partial = append(r.partial[:0], rest...)
	return nil
}
