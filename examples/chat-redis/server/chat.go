package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"
	"github.com/redis/go-redis/v9"
)

//go:embed index.html
var page []byte

// maxText bounds one chat message; longer ones close the connection (1009).
const maxText = 4096

// room is what every connection of this instance shares.
type room struct {
	instance string
	rdb      *redis.Client
	hub      *hub
}

// event is every message the server sends, as JSON.
type event struct {
	Type     string `json:"type"` // hello, message, error
	Instance string `json:"instance"`
	Name     string `json:"name,omitempty"`
	Text     string `json:"text,omitempty"`
}

func handler(shutdown context.Context, rm *room, conns *sync.WaitGroup) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Upgrades are accepted on any path (the page uses /ws, wsdeploy's
		// smoke test dials the trigger URL itself).
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			conns.Add(1)
			defer conns.Done()
			rm.serve(shutdown, w, r)
			return
		}
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
}

// serve runs one chat connection: hello, then messages both ways.
func (rm *room) serve(shutdown context.Context, w http.ResponseWriter, r *http.Request) {
	// The default origin check admits the page served by this same trigger
	// and non-browser clients, and refuses pages of other sites.
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		log.Printf("%s: handshake failed: %v", r.RemoteAddr, err)
		return
	}
	defer c.CloseNow()
	c.SetReadLimit(maxText)
	name := displayName(r.URL.Query().Get("name"))

	ctx, cancel := context.WithCancelCause(r.Context())
	defer cancel(nil)
	stop := context.AfterFunc(shutdown, func() { c.Close(websocket.StatusGoingAway, "server shutting down") })
	defer stop()

	// Join before the hello: whoever has its hello gets every later message.
	m := rm.hub.join(func() { cancel(errTooSlow) })
	defer rm.hub.leave(m)
	if err := writeEvent(ctx, c, event{Type: "hello", Instance: rm.instance, Name: name}); err != nil {
		return
	}
	go rm.deliver(ctx, c, m)

	start := time.Now()
	err = rm.receive(ctx, c, name)
	log.Printf("%s %s (%s): connection ended after %s: %v", r.RemoteAddr, r.URL.Path, name, time.Since(start).Round(time.Millisecond), err)
}

var errTooSlow = fmt.Errorf("client too slow")

// deliver writes what the hub hands this connection, until it ends.
func (rm *room) deliver(ctx context.Context, c *websocket.Conn, m *member) {
	for {
		select {
		case msg := <-m.out:
			if err := c.Write(ctx, websocket.MessageText, msg); err != nil {
				return
			}
		case <-ctx.Done():
			if context.Cause(ctx) == errTooSlow {
				c.Close(websocket.StatusTryAgainLater, "too slow to keep up with the room: reconnect")
			}
			return
		}
	}
}

// receive publishes each text message to the room.
func (rm *room) receive(ctx context.Context, c *websocket.Conn, name string) error {
	for {
		typ, data, err := c.Read(ctx)
		if err != nil {
			return err
		}
		text := strings.TrimSpace(string(data))
		if typ != websocket.MessageText || text == "" || !utf8.ValidString(text) {
			continue
		}
		msg, _ := json.Marshal(event{Type: "message", Instance: rm.instance, Name: name, Text: text})
		if err := rm.rdb.Publish(ctx, channel, msg).Err(); err != nil {
			log.Printf("publish: %v", err)
			// The client learns its message was lost; the room goes on.
			if err := writeEvent(ctx, c, event{Type: "error", Instance: rm.instance, Text: "message not sent: the room's Redis is unreachable"}); err != nil {
				return err
			}
		}
	}
}

func writeEvent(ctx context.Context, c *websocket.Conn, e event) error {
	b, _ := json.Marshal(e) // strings only: cannot fail
	return c.Write(ctx, websocket.MessageText, b)
}

// displayName is the ?name= of the connection, trimmed to something a
// page can show.
func displayName(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || !utf8.ValidString(s) {
		return "guest"
	}
	if r := []rune(s); len(r) > 32 {
		s = string(r[:32])
	}
	return s
}
