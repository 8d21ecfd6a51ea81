// Command server is a WebSocket echo server for Function Compute's custom
// runtime. Every message comes back as it came (text as text, binary as
// binary); a plain GET answers with the instance that served it, which shows
// that FC spreads connections over instances.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/coder/websocket"
)

func main() {
	log.SetOutput(os.Stdout) // FC collects stdout as the function's log
	log.SetFlags(0)          // FC's log already carries a timestamp

	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	// SIGTERM is how FC (and the local gateway) stops an instance.
	shutdown, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	instance := os.Getenv("FC_INSTANCE_ID")
	if instance == "" {
		instance = "local"
	}
	var conns sync.WaitGroup
	srv := &http.Server{
		// FC only reaches a server that listens on all interfaces.
		Addr:              net.JoinHostPort("0.0.0.0", listenPort()),
		Handler:           handler(shutdown, instance, &conns),
		ReadHeaderTimeout: 10 * time.Second,
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Printf("echo-go: instance %s listening on %s", instance, srv.Addr)

	select {
	case err := <-errc:
		return err
	case <-shutdown.Done():
	}
	log.Printf("echo-go: shutting down")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Shutdown does not wait for hijacked (WebSocket) connections: conns does.
	err := srv.Shutdown(ctx)
	conns.Wait()
	return err
}

// listenPort is the port FC tells the instance to serve on.
func listenPort() string {
	for _, name := range []string{"FC_SERVER_PORT", "FC_CUSTOM_LISTEN_PORT"} {
		if p := os.Getenv(name); p != "" {
			return p
		}
	}
	return "9000"
}

func handler(shutdown context.Context, instance string, conns *sync.WaitGroup) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			page(w, r, instance)
			return
		}
		conns.Add(1)
		defer conns.Done()
		// The default origin check lets non-browser clients and pages served
		// from this same trigger connect; see AcceptOptions.OriginPatterns.
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			log.Printf("%s %s: handshake failed: %v", r.RemoteAddr, r.URL.Path, err)
			return
		}
		// Whatever ends the echo, the TCP connection must not outlive it.
		defer c.CloseNow()
		// On SIGTERM, tell the client the server is going away (1001).
		defer context.AfterFunc(shutdown, func() {
			c.Close(websocket.StatusGoingAway, "server shutting down")
		})()

		start := time.Now()
		err = echo(r.Context(), c)
		log.Printf("%s %s: connection ended after %s: %s",
			r.RemoteAddr, r.URL.Path, time.Since(start).Round(time.Millisecond), closeReason(err))
	})
}

// echo copies each message back with its type until the connection ends.
func echo(ctx context.Context, c *websocket.Conn) error {
	// Messages are streamed back, so their size does not matter to memory.
	c.SetReadLimit(-1)
	for {
		typ, r, err := c.Reader(ctx)
		if err != nil {
			return err
		}
		w, err := c.Writer(ctx, typ)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, r); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
}

func closeReason(err error) string {
	if s := websocket.CloseStatus(err); s != -1 {
		return fmt.Sprintf("close %d (%s)", int(s), s)
	}
	if errors.Is(err, net.ErrClosed) {
		return "closed by server"
	}
	return err.Error()
}

func page(w http.ResponseWriter, r *http.Request, instance string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "use GET, or a WebSocket upgrade", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "echo-go: instance %s answered %s; connect with a WebSocket client to this URL to echo messages.\n",
		instance, r.URL.Path)
}
