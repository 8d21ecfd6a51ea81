package dataplane

import (
	"bytes"
	"net/http"
	"strconv"
	"time"
)

// rawReply collects an answer for a connection that no handler serves: one
// refused at accept, or one whose header block Go's server gave up on. The
// answer is built by Failure.write, so it has the shape of every other
// refusal.
type rawReply struct {
	h      http.Header
	status int
	body   bytes.Buffer
}

func (r *rawReply) Header() http.Header         { return r.h }
func (r *rawReply) WriteHeader(status int)      { r.status = status }
func (r *rawReply) Write(b []byte) (int, error) { return r.body.Write(b) }

// rawResponse is fl as the bytes of an HTTP/1.1 response that closes the
// connection, carrying the request id reqID.
func rawResponse(fl *Failure, reqID string) []byte {
	rr := &rawReply{h: http.Header{}}
	rr.h.Set(headerRequestID, reqID)
	fl.write(rr)
	rr.h.Set("Connection", "close")
	rr.h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + strconv.Itoa(rr.status) + " " + http.StatusText(rr.status) + "\r\n")
	_ = rr.h.Write(&b) // a bytes.Buffer does not fail
	b.WriteString("\r\n")
	b.Write(rr.body.Bytes())
	return b.Bytes()
}
