package main

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// hookServer is the test function's side of FC's lifecycle hooks.
type hookServer struct {
	initialize, hold, preStop string
	initialized               atomic.Bool

	mu    sync.Mutex
	conns map[*websocket.Conn]struct{}

	closing sync.WaitGroup // the closes an "async" PreStop hook started
}

var hooks = &hookServer{conns: map[*websocket.Conn]struct{}{}}

func (h *hookServer) serveInitialize(w http.ResponseWriter, r *http.Request) {
	fmt.Println("initialize", r.Method, r.Header.Get("X-Fc-Request-Id"))
	for h.hold != "" {
		if _, err := os.Stat(h.hold); err == nil {
			break
		}
		time.Sleep(5 * time.Millisecond) // the test creates the file
	}
	fail := h.initialize == "fail"
	if dir, ok := strings.CutPrefix(h.initialize, "fail-once:"); ok {
		fail = os.Mkdir(dir, 0o755) == nil // only the first instance creates it
	}
	if fail {
		fmt.Println("initialize failed")
		http.Error(w, "the initializer failed on purpose", http.StatusInternalServerError)
		return
	}
	h.initialized.Store(true)
	fmt.Println("initialized")
}

func (h *hookServer) servePreStop(w http.ResponseWriter, r *http.Request) {
	fmt.Println("pre-stop", r.Method, r.Header.Get("X-Fc-Request-Id"))
	if h.preStop == "hang" {
		<-r.Context().Done()
		return
	}
	h.mu.Lock()
	for c := range h.conns {
		h.closing.Add(1)
		go func() {
			defer h.closing.Done()
			_ = c.Close(websocket.StatusGoingAway, "the instance is stopping")
		}()
	}
	h.mu.Unlock()
	if h.preStop != "async" {
		h.closing.Wait()
	}
	fmt.Println("pre-stop done")
}

// exit ends the process on SIGTERM once the closes an "async" PreStop hook
// started have ended, as a node "ws" server's server.close() waits for its
// connections.
func (h *hookServer) exit() {
	h.closing.Wait()
	os.Exit(0)
}

func (h *hookServer) track(c *websocket.Conn) {
	h.mu.Lock()
	h.conns[c] = struct{}{}
	h.mu.Unlock()
}

func (h *hookServer) untrack(c *websocket.Conn) {
	h.mu.Lock()
	delete(h.conns, c)
	h.mu.Unlock()
}
