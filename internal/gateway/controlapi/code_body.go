package controlapi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// zipFilePlaceholder stands in the rest of a body for the code.zipFile
// string that was streamed to disk. Every string at that path is streamed,
// so no client can send it.
const zipFilePlaceholder = "\x00streamed"

// maxRestBytes bounds what a body holds besides code.zipFile: everything
// else of a function fits in far less (environment ≤ 4 KB).
const maxRestBytes = 1 << 20

// maxDepth bounds nesting, as encoding/json does, so that a body of
// brackets cannot grow the stack.
const maxDepth = 10000

// errRestTooBig refuses a body whose JSON besides code.zipFile passes
// maxRestBytes.
var errRestTooBig = errors.New("the request body besides code.zipFile is too large")

// bodySyntaxError is a JSON syntax error found while streaming, at an
// offset of the body.
type bodySyntaxError struct {
	offset int64
	msg    string
}

func (e *bodySyntaxError) Error() string { return e.msg }

// splitCode reads a CreateFunction or UpdateFunction body from r in one
// pass. The value of code.zipFile (keys matched as encoding/json matches
// them, case-insensitively), when it is a non-empty string, goes unescaped
// to receive as it arrives; the rest of the JSON is returned with that
// string replaced by zipFilePlaceholder, for decodeBody. Only the structure
// is checked here; decodeBody checks the rest as before. r is read to its
// end whatever happens, so that the whole body is hashed.
func splitCode(r io.Reader, receive func(io.Reader) error) ([]byte, error) {
	s := &splitter{in: bufio.NewReaderSize(r, 64<<10), receive: receive}
	err := s.body()
	// A failure to read the body outranks what the part read said.
	if _, derr := io.Copy(io.Discard, s.in); derr != nil {
		err = derr
	}
	if err != nil {
		return nil, err
	}
	return s.out.Bytes(), nil
}

type splitter struct {
	in      *bufio.Reader
	off     int64 // bytes read from in
	out     bytes.Buffer
	receive func(io.Reader) error
	depth   int
}

// where a value sits, as far as code.zipFile is concerned.
type where int

const (
	elsewhere where = iota
	inBody          // the top-level object
	inCode          // the object at code
	atZipFile       // the value of code.zipFile
)

func (s *splitter) body() error {
	c, err := s.skipSpace()
	if err == io.EOF {
		return nil // empty: decodeBody's "{}"
	}
	if err != nil {
		return err
	}
	if c != '{' {
		// Not an object, so no code.zipFile: copied whole for decodeBody
		// to judge.
		if _, err := io.Copy(&s.out, io.LimitReader(s.in, maxRestBytes+1)); err != nil {
			return err
		}
		if s.out.Len() > maxRestBytes {
			return errRestTooBig
		}
		return nil
	}
	if err := s.object(inBody); err != nil {
		return err
	}
	// Like json.Unmarshal, nothing but space may follow.
	if c, err := s.skipSpace(); err != io.EOF {
		if err != nil {
			return err
		}
		return s.syntax("invalid character %q after top-level value", c)
	}
	return nil
}

// value copies (or, at code.zipFile, streams) one JSON value.
func (s *splitter) value(w where) error {
	c, err := s.skipSpace()
	if err != nil {
		return s.unexpected(err)
	}
	switch {
	case c == '{' && w == inCode:
		return s.object(inCode)
	case c == '{':
		return s.object(elsewhere)
	case c == '[':
		return s.array()
	case c == '"' && w == atZipFile:
		return s.zipFile()
	case c == '"':
		_, err := s.copyString()
		return err
	}
	return s.literal()
}

func (s *splitter) nest() error {
	if s.depth++; s.depth > maxDepth {
		return s.syntax("exceeded max depth")
	}
	return nil
}

func (s *splitter) object(w where) error {
	if err := s.nest(); err != nil {
		return err
	}
	defer func() { s.depth-- }()
	s.copyByte() // {
	c, err := s.skipSpace()
	if err != nil {
		return s.unexpected(err)
	}
	if c == '}' {
		s.copyByte()
		return nil
	}
	for {
		if c != '"' {
			return s.syntax("invalid character %q looking for beginning of object key string", c)
		}
		raw, err := s.copyString()
		if err != nil {
			return err
		}
		if err := s.expect(':', "after object key"); err != nil {
			return err
		}
		if err := s.value(member(w, raw)); err != nil {
			return err
		}
		if c, err = s.skipSpace(); err != nil {
			return s.unexpected(err)
		}
		s.copyByte()
		if c == '}' {
			return nil
		}
		if c != ',' {
			return s.syntax("invalid character %q after object key:value pair", c)
		}
		if c, err = s.skipSpace(); err != nil {
			return s.unexpected(err)
		}
	}
}

// member says where the value of key (raw JSON) sits in an object at w.
func member(w where, raw []byte) where {
	var key string
	if w == elsewhere || json.Unmarshal(raw, &key) != nil {
		return elsewhere
	}
	switch {
	case w == inBody && strings.EqualFold(key, "code"):
		return inCode
	case w == inCode && strings.EqualFold(key, "zipFile"):
		return atZipFile
	}
	return elsewhere
}

func (s *splitter) array() error {
	if err := s.nest(); err != nil {
		return err
	}
	defer func() { s.depth-- }()
	s.copyByte() // [
	c, err := s.skipSpace()
	if err != nil {
		return s.unexpected(err)
	}
	if c == ']' {
		s.copyByte()
		return nil
	}
	for {
		if err := s.value(elsewhere); err != nil {
			return err
		}
		if c, err = s.skipSpace(); err != nil {
			return s.unexpected(err)
		}
		s.copyByte()
		if c == ']' {
			return nil
		}
		if c != ',' {
			return s.syntax("invalid character %q after array element", c)
		}
	}
}

// literal copies a number, true, false or null; decodeBody checks it.
func (s *splitter) literal() error {
	n := 0
	for {
		c, err := s.peek()
		if err == io.EOF && n > 0 {
			return nil
		}
		if err != nil {
			return s.unexpected(err)
		}
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'E') {
			if n == 0 {
				return s.syntax("invalid character %q looking for beginning of value", c)
			}
			return nil
		}
		s.copyByte()
		n++
	}
}

// copyString copies a string token and returns it raw, quotes included.
func (s *splitter) copyString() ([]byte, error) {
	start := s.out.Len()
	s.copyByte() // "
	for {
		c, err := s.peek()
		if err != nil {
			return nil, s.unexpected(err)
		}
		s.copyByte()
		switch {
		case c == '"':
			return s.out.Bytes()[start:], nil
		case c == '\\':
			if _, err := s.peek(); err != nil {
				return nil, s.unexpected(err)
			}
			s.copyByte()
		case c < 0x20:
			return nil, s.syntax("invalid character %q in string literal", c)
		}
	}
}

// zipFile streams the string at code.zipFile to receive and leaves the
// placeholder in its place; an empty string stays, meaning no code.
func (s *splitter) zipFile() error {
	s.read() // "
	if c, err := s.peek(); err == nil && c == '"' {
		s.read()
		s.out.WriteString(`""`)
		return nil
	}
	sr := &stringReader{s: s}
	if err := s.receive(sr); err != nil {
		if sr.err != nil {
			return sr.err // the body's fault, found while streaming
		}
		return err
	}
	if !sr.done { // receive stopped early: read on to the string's end
		if _, err := io.Copy(io.Discard, sr); err != nil {
			return err
		}
	}
	placeholder, _ := json.Marshal(zipFilePlaceholder)
	s.out.Write(placeholder)
	return nil
}

// stringReader yields a JSON string's contents, unescaped, up to its
// closing quote, reading the body in chunks.
type stringReader struct {
	s    *splitter
	done bool
	err  error  // a syntax or read error of the body
	pend []byte // unescaped bytes not yet returned
}

func (r *stringReader) Read(p []byte) (int, error) {
	if len(r.pend) > 0 {
		n := copy(p, r.pend)
		r.pend = r.pend[n:]
		return n, nil
	}
	if r.done {
		return 0, io.EOF
	}
	if r.err != nil {
		return 0, r.err
	}
	s := r.s
	if _, err := s.peek(); err != nil {
		r.err = s.unexpected(err)
		return 0, r.err
	}
	buf, _ := s.in.Peek(s.in.Buffered())
	n := 0
	for n < len(buf) && n < len(p) && buf[n] != '"' && buf[n] != '\\' && buf[n] >= 0x20 {
		n++
	}
	if n > 0 {
		copy(p, buf[:n])
		s.discard(n)
		return n, nil
	}
	switch c := buf[0]; {
	case c == '"':
		s.read()
		r.done = true
		return 0, io.EOF
	case c < 0x20:
		r.err = s.syntax("invalid character %q in string literal", c)
		return 0, r.err
	}
	r.pend, r.err = s.escape()
	return r.Read(p)
}

// escape reads one escape sequence (the backslash first) and returns the
// bytes it stands for, as encoding/json decodes them.
func (s *splitter) escape() ([]byte, error) {
	s.read() // backslash
	c, err := s.read()
	if err != nil {
		return nil, s.unexpected(err)
	}
	switch c {
	case '"', '\\', '/':
		return []byte{c}, nil
	case 'b':
		return []byte{'\b'}, nil
	case 'f':
		return []byte{'\f'}, nil
	case 'n':
		return []byte{'\n'}, nil
	case 'r':
		return []byte{'\r'}, nil
	case 't':
		return []byte{'\t'}, nil
	case 'u':
		r, err := s.hex4()
		if err != nil {
			return nil, err
		}
		if utf16.IsSurrogate(r) {
			// A pair decodes to one rune; a lone half to U+FFFD.
			if b, _ := s.in.Peek(2); string(b) == `\u` {
				s.discard(2)
				r2, err := s.hex4()
				if err != nil {
					return nil, err
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					return utf8.AppendRune(nil, dec), nil
				}
				return utf8.AppendRune(utf8.AppendRune(nil, utf8.RuneError), r2), nil
			}
			r = utf8.RuneError
		}
		return utf8.AppendRune(nil, r), nil
	}
	return nil, s.syntax("invalid character %q in string escape code", c)
}

func (s *splitter) hex4() (rune, error) {
	var r rune
	for range 4 {
		c, err := s.read()
		if err != nil {
			return 0, s.unexpected(err)
		}
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, s.syntax("invalid character %q in \\u hexadecimal character escape", c)
		}
		r = r<<4 | rune(v)
	}
	return r, nil
}

func (s *splitter) expect(want byte, context string) error {
	c, err := s.skipSpace()
	if err != nil {
		return s.unexpected(err)
	}
	if c != want {
		return s.syntax("invalid character %q %s", c, context)
	}
	s.copyByte()
	return nil
}

// skipSpace copies white space and returns the next byte, unread.
func (s *splitter) skipSpace() (byte, error) {
	for {
		c, err := s.peek()
		if err != nil {
			return 0, err
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c, nil
		}
		s.copyByte()
	}
}

// peek returns the next byte, unread. It also keeps out within
// maxRestBytes: every loop that copies peeks first.
func (s *splitter) peek() (byte, error) {
	if s.out.Len() > maxRestBytes {
		return 0, errRestTooBig
	}
	b, err := s.in.Peek(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (s *splitter) read() (byte, error) {
	c, err := s.in.ReadByte()
	if err == nil {
		s.off++
	}
	return c, err
}

func (s *splitter) discard(n int) {
	m, _ := s.in.Discard(n)
	s.off += int64(m)
}

// copyByte moves the next byte (peeked already) to out.
func (s *splitter) copyByte() {
	c, _ := s.read()
	s.out.WriteByte(c)
}

// unexpected turns the end of the body into a syntax error; other read
// errors (a body too large, a connection cut) stay as they are.
func (s *splitter) unexpected(err error) error {
	if err == io.EOF {
		return s.syntax("unexpected end of JSON input")
	}
	return err
}

func (s *splitter) syntax(format string, args ...any) error {
	return &bodySyntaxError{offset: s.off, msg: fmt.Sprintf(format, args...)}
}
