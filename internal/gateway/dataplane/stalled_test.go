package dataplane

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// A refused request whose Content-Length body has not arrived gets its
// answer at once, and its connection closes: the gateway does not wait
// for a body it will not use, however long the client stalls. (Go's
// server gives up a body over 256 KiB by itself; below that it read on
// before it answered.) A refused request without a body keeps its
// connection.
func TestRefusalGivesUpAStalledBody(t *testing.T) {
	e := newEnv(t)
	e.function("fn", nil)
	signed := e.trigger("fn", func(tr *Trigger) { tr.AuthType = "function" })
	cases := []struct {
		method, url string
		status      int
		code        fcspec.Code
	}{
		{"POST", signed, http.StatusBadRequest, fcspec.CodeMissingRequiredHeader}, // no signature
		{"PUT", e.trigger("fn", func(tr *Trigger) { tr.URLID, tr.Name = "anon", "anon" }), http.StatusForbidden, fcspec.CodeMethodNotAllowed},
	}
	for _, c := range cases {
		for _, size := range []int{64 << 10, 1 << 20} {
			conn := e.conn(c.url)
			e.expect(e.answer(conn, fmt.Sprintf("%s /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\nabc", c.method, size)), c.status, c.code)
			_ = conn.SetReadDeadline(time.Now().Add(waitLimit))
			if _, err := conn.Read(make([]byte, 1)); err != io.EOF && !errors.Is(err, syscall.ECONNRESET) {
				t.Errorf("%s refused with %d bytes of its %d-byte body unsent: the connection %v, want it closed", c.method, size-3, size, err)
			}
		}
	}
	conn := e.conn(signed)
	for range 2 {
		e.expect(e.answer(conn, "GET /id HTTP/1.1\r\nHost: x\r\n\r\n"), http.StatusBadRequest, fcspec.CodeMissingRequiredHeader)
	}
}
