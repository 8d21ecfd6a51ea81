package smoke

import (
	"context"
	"sync"

	"github.com/coder/websocket"
)

// message is one read from the connection; err ends the stream.
type message struct {
	typ  websocket.MessageType
	data []byte
	err  error
}

// inbox reads the connection in the background and never blocks doing so:
// coder/websocket answers control frames (the pong Conn.Ping waits for,
// the peer's close) only while someone reads, and a greeting nobody has
// asked for yet must not hold up the pong behind it.
type inbox struct {
	mu     sync.Mutex
	queue  []message
	notify chan struct{} // signalled (without blocking) on every arrival
}

// readAll starts the reader; it ends when the connection is closed.
func readAll(conn *websocket.Conn) *inbox {
	in := &inbox{notify: make(chan struct{}, 1)}
	go func() {
		for {
			typ, data, err := conn.Read(context.Background())
			in.put(message{typ, data, err})
			if err != nil {
				return
			}
		}
	}()
	return in
}

func (in *inbox) put(m message) {
	in.mu.Lock()
	in.queue = append(in.queue, m)
	in.mu.Unlock()
	select {
	case in.notify <- struct{}{}:
	default:
	}
}

// next returns the oldest unread message, waiting for one until ctx ends.
// The error that ended the stream stays, so every later call sees it too.
func (in *inbox) next(ctx context.Context) (message, error) {
	for {
		in.mu.Lock()
		if len(in.queue) > 0 {
			m := in.queue[0]
			if m.err == nil {
				in.queue = in.queue[1:]
			}
			in.mu.Unlock()
			return m, nil
		}
		in.mu.Unlock()
		select {
		case <-in.notify:
		case <-ctx.Done():
			return message{}, ctx.Err()
		}
	}
}

// end waits until the stream has ended, or ctx ends, and returns the
// error that ended it (nil if it has not).
func (in *inbox) end(ctx context.Context) error {
	for {
		in.mu.Lock()
		if n := len(in.queue); n > 0 && in.queue[n-1].err != nil {
			err := in.queue[n-1].err
			in.mu.Unlock()
			return err
		}
		in.mu.Unlock()
		select {
		case <-in.notify:
		case <-ctx.Done():
			return nil
		}
	}
}

// discard drops the messages read so far (greetings sent before the smoke
// test's message) and returns the error that ended the stream, if any.
func (in *inbox) discard() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	for len(in.queue) > 0 && in.queue[0].err == nil {
		in.queue = in.queue[1:]
	}
	if len(in.queue) > 0 {
		return in.queue[0].err
	}
	return nil
}
