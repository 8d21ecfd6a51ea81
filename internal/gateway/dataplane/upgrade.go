package dataplane

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// hopByHop are the headers that concern one connection only; an upgrade
// sets Connection and Upgrade again for the instance.
var hopByHop = []string{
	"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate",
	"Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
}

func removeHopByHop(h http.Header) {
	for _, v := range h["Connection"] {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				h.Del(name)
			}
		}
	}
	for _, name := range hopByHop {
		h.Del(name)
	}
}

// upgradeWithBody refuses an upgrade request that carries a body (any
// Content-Length above 0, or any Transfer-Encoding). A WebSocket handshake
// has none (RFC 6455 section 4.1), and the handshake goes to the instance
// as it came, so bytes after its header block would be read there as the
// new protocol or, by a keep-alive server that refuses the upgrade, as a
// second request that skipped every check and header scrub of the gateway.
// What FC does with such a body is unconfirmed: refusing it is the safe
// side (see docs/gateway.md).
func upgradeWithBody(r *http.Request) *Failure {
	if !isUpgrade(r) || r.ContentLength == 0 && len(r.TransferEncoding) == 0 {
		return nil
	}
	framing := "Transfer-Encoding: " + strings.Join(r.TransferEncoding, ", ")
	if len(r.TransferEncoding) == 0 {
		framing = "Content-Length: " + strconv.FormatInt(r.ContentLength, 10)
	}
	return fail(fcspec.CodeInvalidArgument,
		"the upgrade request carries a body (%s); a WebSocket handshake is a GET request without a body: send it with neither Content-Length nor Transfer-Encoding", framing)
}

// serveUpgrade forwards a handshake to the instance and, once it answers
// 101, hands both sockets to a tunnel, which cuts them at deadline. Any
// other answer is relayed as a plain response.
//
// A killed instance closes its sockets before its exit can be reaped, so
// for a moment it is still placed: its port refuses or resets the
// handshake. When that happens before any answer and the instance is then
// seen to end, serveUpgrade answers nothing and reports (if retry) that the
// handshake should go to another instance, so that the next connection
// after a crash is served rather than refused.
//
// finish (the bill, the instance's slot) runs once the handshake failed or
// the tunnel ended. The tunnel runs on goroutines of its own and this
// handler returns, so that the HTTP server's goroutine, whose stack grew
// while it parsed the request, and its buffers are not kept for the
// connection's whole life.
func (p *Plane) serveUpgrade(w http.ResponseWriter, r *http.Request, in *inst, fc *fcHeaders, deadline time.Time, retry bool, finish func()) bool {
	detached := false
	defer func() {
		if !detached {
			finish()
		}
	}()
	st := &in.f.stats
	dctx, cancel := context.WithTimeout(r.Context(), dialTimeout)
	conn, err := in.proc.Dial(dctx)
	cancel()
	if err != nil {
		if retry && in.endsWithin(r.Context(), dyingGrace) {
			return true
		}
		p.refuse(w, r, st, failFunction(in, fcspec.CodeFunctionCrashed, "instance %s of function %q refused the connection: %v", in.id, in.spec.Name, err))
		return false
	}
	t, ok := p.newTunnel(in, conn, deadline)
	if !ok {
		if retry {
			return true // newTunnel found it dead
		}
		p.refuse(w, r, st, failFunction(in, fcspec.CodeFunctionCrashed, "instance %s of function %q ended before the handshake", in.id, in.spec.Name))
		return false
	}
	defer func() {
		if !detached {
			t.end()
		}
	}()

	answered := &countingReader{r: t.backend}
	br := bufio.NewReaderSize(answered, 4096)
	resp, err := forwardHandshake(t.backend, br, r, fc)
	if err != nil {
		if retry && answered.n == 0 && in.endsWithin(r.Context(), dyingGrace) {
			return true
		}
		p.refuse(w, r, st, t.failure(err))
		return false
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		defer resp.Body.Close()
		relayResponse(w, resp, fc)
		st.request(resp.StatusCode, "")
		return false
	}
	if want, got := r.Header.Get("Upgrade"), resp.Header.Get("Upgrade"); !strings.EqualFold(want, got) {
		p.refuse(w, r, st, failFunction(in, fcspec.CodeFunctionCrashed, "function %q switched to protocol %q, but the client asked for %q", in.spec.Name, got, want))
		return false
	}
	client, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		p.refuse(w, r, st, fail(fcspec.CodeInternalServerError, "the gateway could not take over the connection: %v", err))
		return false
	}
	st.request(http.StatusSwitchingProtocols, "")
	if cc, ok := client.(*capConn); ok {
		cc.tunnel.Store(true) // from here on it carries the function's bytes
	}
	if !t.attach(client) {
		return false
	}
	for k, vs := range w.Header() {
		// The gateway's own headers (a new session's id) go on the 101.
		resp.Header[k] = append(resp.Header[k], vs...)
	}
	if err := switchProtocols(brw, br, t.backend, resp, fc); err != nil {
		return false
	}
	detached = true
	t.start(finish)
	return false
}

// forwardHandshake writes the client's handshake to the instance, with the
// target exactly as sent and FC's headers, and reads the answer. It has no
// body: check refused any (upgradeWithBody).
func forwardHandshake(backend net.Conn, br *bufio.Reader, r *http.Request, fc *fcHeaders) (*http.Response, error) {
	h := r.Header.Clone()
	removeHopByHop(h)
	stripFC(h)
	fc.set(h)
	h.Set("Connection", "Upgrade")
	h.Set("Upgrade", r.Header.Get("Upgrade"))
	// The same forwarding headers as the plain proxy's, by the same code.
	for _, k := range []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto"} {
		h.Del(k)
	}
	(&httputil.ProxyRequest{In: r, Out: &http.Request{Header: h}}).SetXForwarded()
	var b bytes.Buffer
	b.WriteString(r.Method + " " + r.RequestURI + " HTTP/1.1\r\nHost: " + r.Host + "\r\n")
	_ = h.Write(&b) // a bytes.Buffer does not fail
	b.WriteString("\r\n")
	if _, err := backend.Write(b.Bytes()); err != nil {
		return nil, err
	}
	return http.ReadResponse(br, r)
}

// relayResponse passes on an answer that is not a protocol switch: the
// function refused the handshake (400, 426, ...).
func relayResponse(w http.ResponseWriter, resp *http.Response, fc *fcHeaders) {
	removeHopByHop(resp.Header)
	h := w.Header()
	for k, vs := range resp.Header {
		h[k] = vs
	}
	h.Set(headerRequestID, fc.requestID)
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// switchProtocols sends the function's 101 to the client, then whatever
// either side sent early that sits in a read buffer: frames the function
// wrote right after its 101, and bytes the client pipelined.
func switchProtocols(client *bufio.ReadWriter, backendBuf *bufio.Reader, backend net.Conn, resp *http.Response, fc *fcHeaders) error {
	resp.Header.Set(headerRequestID, fc.requestID)
	w := client.Writer
	_, _ = w.WriteString("HTTP/1.1 " + resp.Status + "\r\n")
	_ = resp.Header.Write(w)
	_, _ = w.WriteString("\r\n")
	if n := backendBuf.Buffered(); n > 0 {
		if _, err := io.CopyN(w, backendBuf, int64(n)); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if n := client.Reader.Buffered(); n > 0 {
		early, _ := client.Reader.Peek(n)
		if _, err := backend.Write(early); err != nil {
			return err
		}
	}
	return nil
}
