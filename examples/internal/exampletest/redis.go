package exampletest

import (
	"bufio"
	"io"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// FreePort is a loopback port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// StartRedis runs a throwaway redis-server on a free loopback port (no
// persistence, nothing written outside a temp dir) and returns its
// host:port. It is stopped when the test ends.
func StartRedis(t *testing.T) string {
	t.Helper()
	bin := RequireCommand(t, "redis-server")
	var last string
	// Another process may take the port between FreePort and the bind.
	for range 3 {
		addr, out, ok := startRedis(t, bin)
		if ok {
			return addr
		}
		last = out
	}
	t.Fatalf("redis-server did not start:\n%s", last)
	return ""
}

func startRedis(t *testing.T, bin string) (addr, output string, ok bool) {
	port := strconv.Itoa(FreePort(t))
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", t.TempDir(), "--daemonize", "no", "--loglevel", "notice")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Readiness is redis-server saying so: no polling, no sleeping.
	ready := make(chan bool, 1)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "Ready to accept connections") {
				ready <- true
				io.Copy(io.Discard, stdout) // keep the pipe drained
				return
			}
		}
		ready <- false
	}()
	select {
	case ok = <-ready:
	case <-time.After(Wait):
		cmd.Process.Kill()
		<-ready // the reader is done with log once the pipe closes
	}
	if !ok {
		cmd.Process.Kill()
		cmd.Wait()
		return "", log.String(), false
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	return "127.0.0.1:" + port, "", true
}
