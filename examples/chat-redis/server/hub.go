package main

import (
	"sync"

	"github.com/redis/go-redis/v9"
)

// outboxSize is how many messages a connection may fall behind before it is
// dropped: one slow reader must not hold up the room.
const outboxSize = 64

// hub is this instance's connections; Redis delivers each room message to
// every instance's hub once, and the hub copies it to its connections.
type hub struct {
	mu      sync.Mutex
	members map[*member]struct{}
}

type member struct {
	out  chan []byte
	drop func() // ends the connection: it fell behind
}

func newHub() *hub { return &hub{members: map[*member]struct{}{}} }

func (h *hub) join(drop func()) *member {
	m := &member{out: make(chan []byte, outboxSize), drop: drop}
	h.mu.Lock()
	h.members[m] = struct{}{}
	h.mu.Unlock()
	return m
}

func (h *hub) leave(m *member) {
	h.mu.Lock()
	delete(h.members, m)
	h.mu.Unlock()
}

// relay hands each message from Redis to every member, until the
// subscription closes. go-redis resubscribes by itself after a lost
// connection; messages published meanwhile are lost, as pub/sub promises
// nothing more.
func (h *hub) relay(msgs <-chan *redis.Message) {
	for msg := range msgs {
		payload := []byte(msg.Payload)
		h.mu.Lock()
		for m := range h.members {
			select {
			case m.out <- payload:
			default:
				m.drop()
			}
		}
		h.mu.Unlock()
	}
}
