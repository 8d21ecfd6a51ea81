// Command fcserver is the custom-runtime server of the instance tests. Its
// flags choose a behaviour; it serves HTTP on $FC_SERVER_PORT.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
)

func main() {
	host := flag.String("host", "0.0.0.0", "address to listen on")
	printEnv := flag.Bool("printenv", false, "print the environment as ENV lines, then ENVEND")
	say := flag.Int("say", 0, "print this many numbered lines to stdout")
	errText := flag.String("err", "", "print this line to stderr")
	long := flag.Int("longline", 0, "print one line of this many bytes, then SHORT")
	exitCode := flag.Int("exit", -1, "exit with this code instead of listening")
	spawn := flag.Bool("spawn", false, "start a grandchild and print GRANDCHILD <pid>")
	ignoreTerm := flag.Bool("ignoreterm", false, "ignore SIGTERM")
	noListen := flag.Bool("nolisten", false, "never listen")
	unhealthy := flag.Int64("unhealthy", 0, "answer /health with 503 this many times first")
	block := flag.Bool("block", false, "only block (the grandchild)")
	flag.Parse()
	fmt.Println("pid", os.Getpid())

	if *ignoreTerm {
		signal.Ignore(syscall.SIGTERM)
	}
	if *block {
		select {}
	}
	if *printEnv {
		env := os.Environ()
		sort.Strings(env)
		for _, kv := range env {
			fmt.Println("ENV " + kv)
		}
		fmt.Println("ENVEND")
	}
	for n := 1; n <= *say; n++ {
		fmt.Printf("line %d\n", n)
	}
	if *errText != "" {
		fmt.Fprintln(os.Stderr, *errText)
	}
	if *long > 0 {
		fmt.Println(strings.Repeat("x", *long))
		fmt.Println("SHORT")
	}
	if *spawn {
		self, _ := os.Executable()
		c := exec.Command(self, "-block")
		if err := c.Start(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("GRANDCHILD %d\n", c.Process.Pid)
	}
	if *exitCode >= 0 {
		os.Exit(*exitCode)
	}
	if *noListen {
		fmt.Println("not listening")
		select {}
	}

	var probes atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		if probes.Add(1) <= *unhealthy {
			http.Error(w, "warming up", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/crash", func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("crashing")
		os.Exit(3)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, os.Getenv("FC_INSTANCE_ID"))
	})
	l, err := net.Listen("tcp", net.JoinHostPort(*host, os.Getenv("FC_SERVER_PORT")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening on", l.Addr())
	_ = http.Serve(l, mux)
}
