// Command server is a chat room for Function Compute's custom runtime: one
// page of HTML and JavaScript, and a WebSocket endpoint on the same HTTP
// trigger. FC spreads connections over instances and keeps no client on
// one, so instances share messages through Redis pub/sub: each instance
// subscribes once and hands every message to its own connections.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

// channel is the Redis pub/sub channel of the room.
const channel = "wsdeploy:chat"

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
	opts, err := redisOptions(os.Getenv("REDIS_ADDR"))
	if err != nil {
		return err
	}
	rdb := redis.NewClient(opts)
	defer rdb.Close()

	// Subscribe before serving: a client that has its hello receives every
	// message published after it, whichever instance publishes it.
	ctx, cancel := context.WithTimeout(shutdown, 10*time.Second)
	sub := rdb.Subscribe(ctx, channel)
	_, err = sub.Receive(ctx)
	cancel()
	if err != nil {
		return fmt.Errorf("chat: cannot subscribe to Redis at %s: %w (check REDIS_ADDR, and that FC can reach Redis: same VPC or a public endpoint)", opts.Addr, err)
	}
	defer sub.Close()

	h := newHub()
	go h.relay(sub.Channel())

	var conns sync.WaitGroup
	srv := &http.Server{
		// FC only reaches a server that listens on all interfaces.
		Addr:              net.JoinHostPort("0.0.0.0", listenPort()),
		Handler:           handler(shutdown, &room{instance: instance, rdb: rdb, hub: h}, &conns),
		ReadHeaderTimeout: 10 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Printf("chat: instance %s listening on %s, room on Redis %s", instance, srv.Addr, opts.Addr)

	select {
	case err := <-errc:
		return err
	case <-shutdown.Done():
	}
	log.Printf("chat: shutting down")
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Shutdown does not wait for hijacked (WebSocket) connections: conns does.
	err = srv.Shutdown(ctx)
	conns.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// redisOptions reads REDIS_ADDR: host:port, or a redis:// or rediss:// URL
// when Redis needs a password, a database number or TLS.
func redisOptions(addr string) (*redis.Options, error) {
	switch {
	case addr == "":
		return nil, errors.New("chat: REDIS_ADDR is not set: set the stack's redis_addr variable to host:port of a Redis server")
	case strings.Contains(addr, "://"):
		opts, err := redis.ParseURL(addr)
		if err != nil {
			// url.Error quotes the whole URL, password included: keep only why.
			var uerr *url.Error
			if errors.As(err, &uerr) {
				err = uerr.Err
			}
			return nil, fmt.Errorf("chat: REDIS_ADDR is not a valid Redis URL (redis://[:password@]host:port[/db]): %v", err)
		}
		return opts, nil
	}
	return &redis.Options{Addr: addr}, nil
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
