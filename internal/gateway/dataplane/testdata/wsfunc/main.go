// Command wsfunc is the custom-runtime function of the data plane tests: a
// WebSocket echo server on 0.0.0.0:$FC_SERVER_PORT (or -host) whose plain
// pages report what the function saw.
//
//	GET /id          FC_INSTANCE_ID
//	GET /headers...  JSON: the request target, Host and headers as received
//	GET /sleep?ms=N  prints "sleeping", answers after N ms
//	GET /crash       exits without answering
//	POST /echo       the body back
//	upgrade, any path: echo every message with its type; ?hello=1 first
//	                 sends FC_INSTANCE_ID, ?headers=1 the JSON of /headers;
//	                 ?refuse=1 answers 403 instead, ?crash=1 exits
//
// Lifecycle hooks (package dataplane's hooks_test.go):
//
//	-initialize=ok|fail|fail-once:DIR  POST /initialize prints "initialize
//	                 METHOD REQUEST-ID" and answers 200, or 500 ("fail"), or
//	                 500 for the first instance that creates DIR; any other
//	                 request before it answered 200 is answered 500 and
//	                 prints "request before initialize"
//	-init-hold=FILE  /initialize answers only once FILE exists
//	-pre-stop=ok|async|hang  GET /pre-stop prints "pre-stop METHOD
//	                 REQUEST-ID", then closes every WebSocket with 1001 and
//	                 answers 200; or answers at once while the closes go on
//	                 (SIGTERM then waits for them, as a node "ws" server);
//	                 or never answers
//	GET /env?name=N  the variable N, "unset" if it is not set
//	GET /alloc?mb=N  allocates and touches N MB, then answers "allocated N"
//
// With -log-requests it prints, in order, "conn new|closed|hijacked ADDR"
// for each connection and "request ADDR METHOD TARGET FC-HEADERS-JSON" for
// each request it reads, so a test sees exactly what reached the function.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/coder/websocket"
)

func main() {
	host := flag.String("host", "0.0.0.0", "address to listen on")
	logRequests := flag.Bool("log-requests", false, "print every connection and request")
	flag.StringVar(&hooks.initialize, "initialize", "", "the Initializer: ok, fail or fail-once:DIR")
	flag.StringVar(&hooks.hold, "init-hold", "", "answer /initialize once this file exists")
	flag.StringVar(&hooks.preStop, "pre-stop", "", "the PreStop hook: ok, async or hang")
	flag.Parse()
	id := os.Getenv("FC_INSTANCE_ID")

	go func() {
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		<-c
		fmt.Println("SIGTERM")
		hooks.exit()
	}()

	mux := http.NewServeMux()
	mux.HandleFunc("/id", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, id) })
	mux.HandleFunc("/sleep", func(w http.ResponseWriter, r *http.Request) {
		ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
		fmt.Println("sleeping")
		time.Sleep(time.Duration(ms) * time.Millisecond)
		fmt.Fprint(w, "slept")
	})
	mux.HandleFunc("/crash", func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("crashing")
		os.Exit(3)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(w, r.Body) })
	mux.HandleFunc("/alloc", func(w http.ResponseWriter, r *http.Request) {
		mb, _ := strconv.Atoi(r.URL.Query().Get("mb"))
		hog := make([]byte, mb<<20)
		for i := 0; i < len(hog); i += 4096 {
			hog[i] = 1 // touched, so the pages are really taken
		}
		fmt.Fprint(w, "allocated ", len(hog)>>20)
	})
	mux.HandleFunc("/env", func(w http.ResponseWriter, r *http.Request) {
		v, ok := os.LookupEnv(r.URL.Query().Get("name"))
		if !ok {
			v = "unset"
		}
		fmt.Fprint(w, v)
	})
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case hooks.initialize != "" && r.URL.Path == "/initialize":
			hooks.serveInitialize(w, r)
		case hooks.preStop != "" && r.URL.Path == "/pre-stop":
			hooks.servePreStop(w, r)
		case hooks.initialize != "" && !hooks.initialized.Load():
			fmt.Println("request before initialize")
			http.Error(w, "request before initialize", http.StatusInternalServerError)
		case r.Header.Get("Upgrade") != "":
			serveWS(w, r, id)
		case strings.HasPrefix(r.URL.Path, "/headers"):
			// Not through the mux, which would redirect unclean paths.
			_, _ = w.Write(seen(r))
		default:
			mux.ServeHTTP(w, r)
		}
	})

	l, err := net.Listen("tcp", net.JoinHostPort(*host, os.Getenv("FC_SERVER_PORT")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening on", l.Addr())
	srv := &http.Server{Handler: handler}
	if *logRequests {
		srv.Handler = logged(handler)
		srv.ConnState = func(c net.Conn, s http.ConnState) {
			switch s {
			case http.StateNew, http.StateClosed, http.StateHijacked:
				fmt.Println("conn", s, c.RemoteAddr())
			}
		}
	}
	_ = srv.Serve(l)
}

// logged prints each request before h serves it, with its x-fc-* headers.
func logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fc := map[string][]string{}
		for k, v := range r.Header {
			if strings.HasPrefix(strings.ToLower(k), "x-fc-") {
				fc[k] = v
			}
		}
		b, _ := json.Marshal(fc)
		fmt.Println("request", r.RemoteAddr, r.Method, r.RequestURI, string(b))
		h.ServeHTTP(w, r)
	})
}

func serveWS(w http.ResponseWriter, r *http.Request, id string) {
	if r.URL.Query().Get("crash") != "" {
		fmt.Println("crashing during the handshake")
		os.Exit(3)
	}
	if r.URL.Query().Get("refuse") != "" {
		http.Error(w, "refused by the function", http.StatusForbidden)
		return
	}
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true,
		CompressionMode:    websocket.CompressionContextTakeover,
	})
	if err != nil {
		return
	}
	defer c.CloseNow()
	c.SetReadLimit(-1)
	hooks.track(c)
	defer hooks.untrack(c)
	ctx := context.Background()
	if r.URL.Query().Get("hello") != "" {
		if err := c.Write(ctx, websocket.MessageText, []byte(id)); err != nil {
			return
		}
	}
	if r.URL.Query().Get("headers") != "" {
		if err := c.Write(ctx, websocket.MessageText, seen(r)); err != nil {
			return
		}
	}
	for {
		typ, msg, err := c.Read(ctx)
		if err != nil {
			fmt.Println("connection ended:", strings.TrimSpace(err.Error()))
			return
		}
		if err := c.Write(ctx, typ, msg); err != nil {
			return
		}
	}
}

// seen is what the function received: target, Host and headers.
func seen(r *http.Request) []byte {
	b, _ := json.Marshal(map[string]any{"uri": r.RequestURI, "host": r.Host, "headers": r.Header})
	return b
}
