package dataplane

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Request bodies without a length are taken whole before the function sees
// them (see checkLimits). What that holds is bounded: a request keeps at
// most bodyChunk in memory, spools the rest to a file that is unlinked at
// once, and both the memory and the spool count against caps shared by
// all requests; past either cap the request is answered 503, as FC answers
// when its own capacity is short.
const (
	bodyChunk = 64 << 10 // a request's memory while its body is read

	DefaultBodyTimeout = 2 * time.Minute // 32 MB at 2.2 Mbit/s
	DefaultBodyMemory  = 16 << 20        // 256 requests reading at once
	DefaultBodySpool   = 256 << 20       // 8 bodies of FC's largest size
)

// bodyBufs are the chunks requests read into: all of one size, so that
// the pool never keeps a large buffer after a load.
var bodyBufs = sync.Pool{New: func() any { b := make([]byte, bodyChunk); return &b }}

// bodies is the plane's accounting of the bodies it holds.
type bodies struct {
	timeout time.Duration
	dir     string
	mem     gauge // bytes in memory
	spool   gauge // bytes in spool files
}

type connKey struct{}

// bodyDeadline sets the deadline for reading r's body (the zero time
// clears it). It goes on the socket itself, so the caps' pressure
// (capConn.SetReadDeadline) does not shorten it.
func bodyDeadline(r *http.Request, d time.Time) {
	if c, ok := r.Context().Value(connKey{}).(*capConn); ok {
		_ = c.TCPConn.SetReadDeadline(d)
	}
}

// takeBody reads r's body of unknown length, within the body timeout and
// the caps, and gives it back to r with its length. The body held is
// released when the request's handler returns.
func (p *Plane) takeBody(r *http.Request) (fl *Failure) {
	b := &p.bodies
	bodyDeadline(r, time.Now().Add(b.timeout))
	defer func() {
		if fl == nil {
			bodyDeadline(r, time.Time{})
		} // else the refusal ends the read (Failure.answer)
	}()
	if !b.mem.take(bodyChunk) {
		return bodyThrottled("memory", b.mem.max)
	}
	buf := bodyBufs.Get().(*[]byte)
	defer func() {
		bodyBufs.Put(buf)
		b.mem.give(bodyChunk)
	}()
	n, err := io.ReadFull(r.Body, *buf)
	var held *heldBody
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		if !b.mem.take(int64(n)) {
			return bodyThrottled("memory", b.mem.max)
		}
		data := bytes.Clone((*buf)[:n])
		held = &heldBody{r: bytes.NewReader(data), size: int64(n), release: func() { b.mem.give(int64(n)) }}
	case err != nil:
		return b.readFailure(err)
	default:
		var fl *Failure
		if held, fl = b.spoolBody(r.Body, *buf); fl != nil {
			return fl
		}
	}
	context.AfterFunc(r.Context(), func() { _ = held.Close() })
	r.Body, r.ContentLength, r.TransferEncoding = held, held.size, nil
	return nil
}

// spoolBody writes first, a full chunk, and the rest of body to a spool file.
func (b *bodies) spoolBody(body io.Reader, first []byte) (*heldBody, *Failure) {
	f, err := os.CreateTemp(b.dir, "wsdeploy-body-")
	if err != nil {
		return nil, fail(fcspec.CodeInternalServerError, "the gateway cannot spool the request body: %v", err)
	}
	// Unlinked at once where the system allows it, so that no crash leaves
	// it behind.
	unlinked := os.Remove(f.Name()) == nil
	var size int64
	held := &heldBody{r: f, release: func() {
		f.Close()
		if !unlinked {
			os.Remove(f.Name())
		}
		b.spool.give(size)
	}}
	chunk := first
	for len(chunk) > 0 {
		if size+int64(len(chunk)) > maxBody {
			held.Close()
			return nil, bodyTooLarge()
		}
		if !b.spool.take(int64(len(chunk))) {
			held.Close()
			return nil, bodyThrottled("spool", b.spool.max)
		}
		size += int64(len(chunk))
		if _, err := f.Write(chunk); err != nil {
			held.Close()
			return nil, fail(fcspec.CodeInternalServerError, "the gateway cannot spool the request body: %v", err)
		}
		n, err := io.ReadFull(body, first)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			held.Close()
			return nil, b.readFailure(err)
		}
		chunk = first[:n]
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		held.Close()
		return nil, fail(fcspec.CodeInternalServerError, "the gateway cannot read back the spooled request body: %v", err)
	}
	held.size = size
	return held, nil
}

func (b *bodies) readFailure(err error) *Failure {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return fail(fcspec.CodeInvalidArgument,
			"the request body did not arrive within %s: send the body at once, or with a Content-Length", b.timeout)
	}
	return fail(fcspec.CodeInvalidArgument, "reading the request body failed: %v", err)
}

func bodyThrottled(where string, max int64) *Failure {
	return fail(fcspec.CodeResourceThrottled,
		"the gateway holds %s of request bodies in %s, its cap: retry with exponential backoff", mib(max), where)
}

func mib(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }

var errBodyReleased = errors.New("dataplane: the request is over and its body released")

// heldBody is a body the gateway took whole. Close releases what it holds;
// it may come from the handler's end while the proxy's transport still
// reads, hence the lock.
type heldBody struct {
	mu      sync.Mutex
	r       io.Reader // nil once released
	size    int64
	release func()
}

func (h *heldBody) Read(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.r == nil {
		return 0, errBodyReleased
	}
	return h.r.Read(p)
}

func (h *heldBody) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.r != nil {
		h.r = nil
		h.release()
	}
	return nil
}
