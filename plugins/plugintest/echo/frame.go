package main

import (
	"encoding/binary"
	"errors"
	"io"
)

const (
	opClose = 0x8
	opPing  = 0x9
	opPong  = 0xA

	maxPayload = 1 << 20 // the kit sends short messages
)

// frame is one WebSocket frame, unmasked.
type frame struct {
	fin     bool
	opcode  byte
	payload []byte
}

// readFrame reads a client's frame (masked, as RFC 6455 requires).
func readFrame(r io.Reader) (frame, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return frame{}, err
	}
	f := frame{fin: h[0]&0x80 != 0, opcode: h[0] & 0x0F}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return f, err
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return f, err
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	if n > maxPayload {
		return f, errors.New("frame too large")
	}
	var mask [4]byte
	masked := h[1]&0x80 != 0
	if masked {
		if _, err := io.ReadFull(r, mask[:]); err != nil {
			return f, err
		}
	}
	f.payload = make([]byte, n)
	if _, err := io.ReadFull(r, f.payload); err != nil {
		return f, err
	}
	if masked {
		for i := range f.payload {
			f.payload[i] ^= mask[i%4]
		}
	}
	return f, nil
}

// bytes is the frame as a server sends it: unmasked.
func (f frame) bytes() []byte {
	b0 := f.opcode
	if f.fin {
		b0 |= 0x80
	}
	out := []byte{b0}
	switch n := len(f.payload); {
	case n < 126:
		out = append(out, byte(n))
	case n <= 0xFFFF:
		out = append(out, 126)
		out = binary.BigEndian.AppendUint16(out, uint16(n))
	default:
		out = append(out, 127)
		out = binary.BigEndian.AppendUint64(out, uint64(n))
	}
	return append(out, f.payload...)
}
