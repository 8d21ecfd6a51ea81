// Package statedirtest runs, for tests, what a stale gateway.json points
// at once its gateway is gone: a live process that is not a gateway and a
// port where another program listens, answers every HTTP request with 200
// and an empty FC-like list, and records every byte it is sent.
package statedirtest

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Stranger is the process and the listener; PID and Addr are what a stale
// gateway.json would name.
type Stranger struct {
	PID  int
	Addr string

	mu       sync.Mutex
	raw      bytes.Buffer
	requests []Request
	exited   chan struct{}
}

// Request is one HTTP request the stranger received.
type Request struct {
	Method, Target string
	Header         http.Header
	Body           []byte
}

// The stranger's answers: an empty FC account, plausible enough that a
// client that trusted it would carry on and create its functions there.
const (
	answer   = `{"functions":[],"triggers":[]}`
	notFound = `{"Code":"FunctionNotFound","Message":"function not found","RequestId":"stranger"}`
)

var oneFunction = regexp.MustCompile(`^/2023-03-30/functions/[^/]+$`)

// Start runs `sleep` (the live pid) and the listener until the test ends.
func Start(t testing.TB) *Stranger {
	t.Helper()
	cmd := exec.Command("sleep", "100000")
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the stranger's process: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cmd.Process.Kill()
		t.Fatal(err)
	}
	s := &Stranger{PID: cmd.Process.Pid, Addr: ln.Addr().String(), exited: make(chan struct{})}
	go func() { cmd.Wait(); close(s.exited) }()
	var conns sync.WaitGroup
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			go func() { defer conns.Done(); s.serve(c) }()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		cmd.Process.Kill()
		<-s.exited
	})
	return s
}

// serve records what arrives on c and answers each request it can parse.
func (s *Stranger) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(io.TeeReader(c, recorder{s}))
	for {
		req, err := http.ReadRequest(r)
		if err != nil {
			io.Copy(io.Discard, r) // keep recording whatever else comes
			return
		}
		body, _ := io.ReadAll(req.Body)
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: req.Method, Target: req.RequestURI, Header: req.Header, Body: body})
		s.mu.Unlock()
		status, reply := "200 OK", answer
		if req.Method == http.MethodGet && oneFunction.MatchString(req.URL.Path) {
			status, reply = "404 Not Found", notFound
		}
		if _, err := io.WriteString(c, "HTTP/1.1 "+status+"\r\nContent-Type: application/json\r\nContent-Length: "+
			strconv.Itoa(len(reply))+"\r\n\r\n"+reply); err != nil {
			return
		}
	}
}

type recorder struct{ s *Stranger }

func (w recorder) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.s.raw.Write(p)
}

// Received is every byte sent to the stranger so far.
func (s *Stranger) Received() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}

// Requests are the HTTP requests received so far.
func (s *Stranger) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Alive says whether the stranger's process still runs (nobody killed it).
func (s *Stranger) Alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// CheckUntrusted fails the test unless everything the stranger received
// is unsigned identity challenges: no Authorization or x-acs-* header, no
// body, and none of the secrets.
func (s *Stranger) CheckUntrusted(t testing.TB, identityPath string, secrets ...string) {
	t.Helper()
	raw := s.Received()
	for _, secret := range secrets {
		if secret != "" && strings.Contains(raw, secret) {
			t.Errorf("the stranger received the secret %q", secret)
		}
	}
	lower := strings.ToLower(raw)
	for _, h := range []string{"authorization:", "x-acs-"} {
		if strings.Contains(lower, h) {
			t.Errorf("the stranger received a %q header:\n%s", h, raw)
		}
	}
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet || !strings.HasPrefix(r.Target, identityPath+"?") || len(r.Body) > 0 {
			t.Errorf("the stranger received %s %s with %d bytes of body; only identity challenges may reach it", r.Method, r.Target, len(r.Body))
		}
	}
}
