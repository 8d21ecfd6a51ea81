package instance

import "sync"

// TailLines is how many of the last output lines a start error quotes.
const TailLines = 20

// tail keeps the last TailLines lines of both streams, in arrival order.
type tail struct {
	mu    sync.Mutex
	lines [TailLines]string
	next  int
	full  bool
}

func (t *tail) add(line string) {
	t.mu.Lock()
	t.lines[t.next] = line
	t.next = (t.next + 1) % TailLines
	t.full = t.full || t.next == 0
	t.mu.Unlock()
}

func (t *tail) get() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.full {
		return append([]string(nil), t.lines[:t.next]...)
	}
	return append(append([]string(nil), t.lines[t.next:]...), t.lines[:t.next]...)
}
