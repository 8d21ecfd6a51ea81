package host

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
)

// tail keeps what a plugin wrote to stderr that best says why it died: the
// last lines, or, once it panics, the panic message with the few lines
// before it (a goroutine dump's end says nothing useful). Log lines are
// left out: go-plugin hands them to the host's log at their level, so an
// error that quotes the tail does not show them a second time, raw.
type tail struct {
	mu    sync.Mutex
	lines []string // the last tailLines lines
	crash []string // from just before "panic:" or "fatal error:", up to crashLines
	part  bytes.Buffer
}

const (
	tailLines   = 20
	crashBefore = 3
	crashLines  = 8
)

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, b := range p {
		if b != '\n' {
			t.part.WriteByte(b)
			continue
		}
		t.line(t.part.String())
		t.part.Reset()
	}
	return len(p), nil
}

func (t *tail) line(l string) {
	if isLogLine(l) {
		return // in the host's log already, at its level (log.go)
	}
	switch {
	case t.crash == nil && (strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ")):
		t.crash = append(t.lines[max(0, len(t.lines)-crashBefore):len(t.lines):len(t.lines)], l)
	case t.crash != nil && len(t.crash) < crashLines:
		t.crash = append(t.crash, l)
	}
	t.lines = append(t.lines, l)
	if len(t.lines) > tailLines {
		t.lines = t.lines[1:]
	}
}

// String is the kept lines, indented for an error message; "" when the
// plugin wrote nothing.
func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := t.crash
	if lines == nil {
		lines = t.lines
		if t.part.Len() > 0 {
			lines = append(lines[:len(lines):len(lines)], t.part.String())
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return "\n  " + strings.Join(lines, "\n  ")
}

// crashed reports whether the plugin panicked (or the Go runtime died).
func (t *tail) crashed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.crash != nil
}

// isLogLine reports whether l is a log line in hclog's JSON format, as
// sdk.Logger and go-plugin's server write them.
func isLogLine(l string) bool {
	if !strings.HasPrefix(l, "{") {
		return false
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal([]byte(l), &fields) != nil {
		return false
	}
	_, ok := fields["@message"]
	return ok
}
