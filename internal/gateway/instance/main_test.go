package instance

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// helperBin is testdata/fcserver, built once per test binary.
var helperBin string

func TestMain(m *testing.M) {
	if testtier.Short() {
		os.Exit(m.Run()) // fcserver is for the tests of spec, which -short skips
	}
	dir, err := os.MkdirTemp("", "fcserver")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	helperBin = filepath.Join(dir, "fcserver")
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	build := exec.Command(goBin, "build", "-o", helperBin, "./testdata/fcserver")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the test server: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// waitLimit bounds every wait for a real event, generously for a busy machine.
const waitLimit = 30 * time.Second

// spec returns a Spec that runs the test server with args on a free port.
func spec(t *testing.T, sink LogSink, args ...string) Spec {
	testtier.NeedsProcesses(t)
	t.Helper()
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return Spec{
		Function:   "chat",
		InstanceID: NewInstanceID(),
		CodeDir:    t.TempDir(),
		Command:    []string{helperBin},
		Args:       args,
		Port:       port,
		Region:     "cn-hangzhou",
		AccountID:  "1234567890",
		Sink:       sink,
	}
}

// start starts s and stops the instance when the test ends.
func start(t *testing.T, s Spec) *Instance {
	t.Helper()
	inst, err := Start(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { inst.Stop(time.Second) })
	return inst
}

// get sends a GET over a fresh connection and returns the response body,
// or what arrived before the connection ended.
func get(addr, path string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, waitLimit)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(waitLimit))
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.0\r\n\r\n", path); err != nil {
		return "", err
	}
	b, err := io.ReadAll(c)
	_, body, _ := strings.Cut(string(b), "\r\n\r\n")
	return body, err
}

// memSink records lines and lets a test wait for one.
type memSink struct {
	mu      sync.Mutex
	entries []Entry
	changed chan struct{}
}

func newMemSink() *memSink { return &memSink{changed: make(chan struct{})} }

func (s *memSink) Line(function, id, stream string, t time.Time, line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries = append(s.entries, Entry{Time: t, Instance: id, Stream: stream, Line: line})
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor returns the first entry that satisfies ok, waiting for it.
func (s *memSink) waitFor(t *testing.T, what string, ok func(Entry) bool) Entry {
	t.Helper()
	limit := time.After(waitLimit)
	for {
		s.mu.Lock()
		for _, e := range s.entries {
			if ok(e) {
				s.mu.Unlock()
				return e
			}
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-limit:
			t.Fatalf("no output line %s", what)
		}
	}
}

func (s *memSink) waitLine(t *testing.T, prefix string) Entry {
	t.Helper()
	return s.waitFor(t, "starting with "+prefix, func(e Entry) bool { return strings.HasPrefix(e.Line, prefix) })
}

// tee sends each line to several sinks.
type tee []LogSink

func (ts tee) Line(function, id, stream string, t time.Time, line string) {
	for _, s := range ts {
		s.Line(function, id, stream, t, line)
	}
}

func ipv6Loopback(t *testing.T) {
	t.Helper()
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback:", err)
	}
	l.Close()
}

func waitDone(t *testing.T, inst *Instance) Exit {
	t.Helper()
	select {
	case <-inst.Done():
		return inst.Wait()
	case <-time.After(waitLimit):
		t.Fatal("the instance did not end")
		return Exit{}
	}
}
