package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// wsConn is a minimal WebSocket client: handshake, echo, ping and close,
// with nothing allocated per message, so that the load generator takes as
// little as it can of the two cores it shares with what it measures.
type wsConn struct {
	c   *net.TCPConn
	br  *bufio.Reader
	hdr [14]byte
}

// The same key on every handshake: servers only hash it.
const wsKey = "dGhlIHNhbXBsZSBub25jZQ=="

// dialWS connects to addr and upgrades path; bufSize is the read buffer
// (small for idle connections, large for throughput).
func dialWS(addr, path string, bufSize int, timeout time.Duration) (*wsConn, error) {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	w := &wsConn{c: c.(*net.TCPConn), br: bufio.NewReaderSize(c, bufSize)}
	_ = w.c.SetDeadline(time.Now().Add(timeout))
	req := "GET " + path + " HTTP/1.1\r\nHost: " + addr +
		"\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + wsKey +
		"\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := io.WriteString(w.c, req); err != nil {
		c.Close()
		return nil, err
	}
	status, err := w.br.ReadSlice('\n')
	if err != nil {
		c.Close()
		return nil, err
	}
	if len(status) < 12 || string(status[9:12]) != "101" {
		// The rest of the answer says why (FC's error body).
		status = append([]byte(nil), status...)
		_ = w.c.SetReadDeadline(time.Now().Add(time.Second))
		rest, _ := io.ReadAll(io.LimitReader(w.br, 2048))
		c.Close()
		return nil, fmt.Errorf("handshake answered %q%s", status, bodyOf(rest))
	}
	for { // the headers, up to the empty line
		line, err := w.br.ReadSlice('\n')
		if err != nil {
			c.Close()
			return nil, err
		}
		if len(line) <= 2 {
			break
		}
	}
	_ = w.c.SetDeadline(time.Time{})
	return w, nil
}

// Opcodes.
const (
	opText   = 0x1
	opBinary = 0x2
	opClose  = 0x8
	opPing   = 0x9
	opPong   = 0xA
)

// frame encodes one final, masked client frame.
func frame(op byte, payload []byte) []byte {
	mask := [4]byte{0x12, 0x34, 0x56, 0x78}
	b := []byte{0x80 | op}
	switch n := len(payload); {
	case n < 126:
		b = append(b, 0x80|byte(n))
	case n < 1<<16:
		b = append(b, 0x80|126, byte(n>>8), byte(n))
	default:
		b = append(b, 0x80|127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	b = append(b, mask[:]...)
	for i, c := range payload {
		b = append(b, c^mask[i%4])
	}
	return b
}

// closeFrame is a masked close frame with status 1000.
var closeFrame = frame(opClose, []byte{0x03, 0xe8})

// readMessage reads one data message (all its fragments) and returns its
// length; pongs in between are skipped.
func (w *wsConn) readMessage() (int, error) {
	total := 0
	for {
		fin, op, n, err := w.readFrame()
		if err != nil {
			return 0, err
		}
		switch op {
		case opPong, opPing:
			continue
		case opClose:
			return 0, errors.New("the server closed the connection")
		}
		total += n
		if fin {
			return total, nil
		}
	}
}

// readFrame reads a frame header and discards its payload.
func (w *wsConn) readFrame() (fin bool, op byte, n int, err error) {
	h := w.hdr[:2]
	if _, err = io.ReadFull(w.br, h); err != nil {
		return
	}
	fin, op = h[0]&0x80 != 0, h[0]&0x0f
	if h[1]&0x80 != 0 {
		return false, 0, 0, errors.New("the server sent a masked frame")
	}
	switch l := h[1] & 0x7f; l {
	case 126:
		if _, err = io.ReadFull(w.br, w.hdr[2:4]); err != nil {
			return
		}
		n = int(binary.BigEndian.Uint16(w.hdr[2:4]))
	case 127:
		if _, err = io.ReadFull(w.br, w.hdr[2:10]); err != nil {
			return
		}
		n = int(binary.BigEndian.Uint64(w.hdr[2:10]))
	default:
		n = int(l)
	}
	_, err = w.br.Discard(n)
	return
}

// roundTrip sends one pre-encoded frame and waits for the echo.
func (w *wsConn) roundTrip(f []byte) error {
	if _, err := w.c.Write(f); err != nil {
		return err
	}
	_, err := w.readMessage()
	return err
}

// ping sends a ping and waits for its pong.
func (w *wsConn) ping(deadline time.Time) error {
	_ = w.c.SetDeadline(deadline)
	defer w.c.SetDeadline(time.Time{})
	if _, err := w.c.Write(pingFrame); err != nil {
		return err
	}
	for {
		_, op, _, err := w.readFrame()
		if err != nil {
			return err
		}
		if op == opPong {
			return nil
		}
	}
}

var pingFrame = frame(opPing, []byte("bench"))

// closeHandshake sends a close frame, waits for the server's and the end
// of the connection, as a polite client does.
func (w *wsConn) closeHandshake(timeout time.Duration) error {
	defer w.c.Close()
	_ = w.c.SetDeadline(time.Now().Add(timeout))
	if _, err := w.c.Write(closeFrame); err != nil {
		return err
	}
	for {
		_, op, _, err := w.readFrame()
		if err != nil {
			return err
		}
		if op == opClose {
			return nil
		}
	}
}

// bodyOf is the body of an answer's rest (headers, blank line, body), to
// quote in an error.
func bodyOf(rest []byte) string {
	_, body, ok := bytes.Cut(rest, []byte("\r\n\r\n"))
	if !ok || len(body) == 0 {
		return ""
	}
	return fmt.Sprintf(": %s", bytes.TrimSpace(body))
}
