// Command wsfn is the function of the fault tests: a WebSocket echo server
// on 0.0.0.0:$FC_SERVER_PORT.
//
//	GET /id   "<FC_INSTANCE_ID> <pid>"
//	GET /env  JSON: {"uid": ..., "env": [...]}, what the instance was given
//	GET /die?ms=N  answers, closes its listener, exits N ms later
//	upgrade   echo every message with its type
//
// With -print-env it writes its environment to stdout (the function's log)
// before serving.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"
)

func main() {
	printEnv := flag.Bool("print-env", false, "write the environment to stdout first")
	flag.Parse()
	if *printEnv {
		for _, kv := range os.Environ() {
			fmt.Println("env", kv)
		}
	}
	id := os.Getenv("FC_INSTANCE_ID")
	l, err := net.Listen("tcp", net.JoinHostPort("0.0.0.0", os.Getenv("FC_SERVER_PORT")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening on", l.Addr())
	_ = http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.EqualFold(r.Header.Get("Upgrade"), "websocket"):
			echo(w, r)
		case r.URL.Path == "/id":
			fmt.Fprintf(w, "%s %d", id, os.Getpid())
		case r.URL.Path == "/env":
			_ = json.NewEncoder(w).Encode(map[string]any{"uid": os.Getuid(), "env": os.Environ()})
		case r.URL.Path == "/die":
			ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
			fmt.Fprintln(w, "dying")
			w.(http.Flusher).Flush()
			l.Close()
			time.AfterFunc(time.Duration(ms)*time.Millisecond, func() { os.Exit(3) })
		default:
			fmt.Fprintln(w, "wsfn", id)
		}
	}))
	select {} // after /die closed the listener: live on until the exit
}

func echo(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return
	}
	defer c.CloseNow()
	ctx := context.Background()
	for {
		typ, msg, err := c.Read(ctx)
		if err != nil {
			return
		}
		if err := c.Write(ctx, typ, msg); err != nil {
			return
		}
	}
}
