package faulttest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// childEnv makes the test binary a gateway on the state directory it
// names (see runChildGateway).
const childEnv = "WSDEPLOY_FAULTTEST_GATEWAY"

// stats is what a child gateway reports of itself, after a full GC with
// memory returned to the OS, so that numbers can be compared over time.
type stats struct {
	Goroutines int    `json:"goroutines"`
	FDs        int    `json:"fds"`
	RSSKiB     int64  `json:"rss_kib"`
	HeapBytes  uint64 `json:"heap_bytes"`
	// HeldKiB is the memory the Go runtime holds from the OS (mapped and
	// not released): RSS without the race detector's shadow memory.
	HeldKiB int64 `json:"held_kib"`
}

// runChildGateway runs server.Start on dir and answers on stdin/stdout:
// "ready" once serving, a stats line for each "stats" line read, and a
// clean shutdown at EOF. A test that wants a crash kills it instead.
func runChildGateway(dir string) error {
	// Process mode: these tests ship code as a tiny bootstrap that runs a
	// binary the test built on the host, which no sandbox shows (as on FC).
	// The data plane's fault handling is the same in both modes; the
	// end-to-end and example tests run sandboxed.
	cfg := server.Config{
		StateDir:  dir,
		Isolation: server.IsolationProcess,
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	if err := childOverrides(&cfg); err != nil {
		return err
	}
	g, err := server.Start(cfg)
	if err != nil {
		return err
	}
	fmt.Println("ready")
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		if sc.Text() != "stats" {
			return fmt.Errorf("unknown command %q", sc.Text())
		}
		b, _ := json.Marshal(selfStats())
		fmt.Println(string(b))
	}
	return g.Shutdown(context.Background())
}

func selfStats() stats {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(m)
	fds, _ := os.ReadDir("/proc/self/fd")
	return stats{Goroutines: runtime.NumGoroutine(), FDs: len(fds), RSSKiB: rssKiB(os.Getpid()), HeapBytes: ms.HeapInuse,
		HeldKiB: int64(m[0].Value.Uint64()-m[1].Value.Uint64()) >> 10}
}

// rssKiB is VmRSS of pid, 0 if unknown.
func rssKiB(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// child is a gateway process run by a test.
type child struct {
	t      *testing.T
	dir    string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Scanner
	stderr *os.File
	info   statedir.Info
	done   chan error
}

// startChild starts a gateway process on dir and waits until it serves;
// env adds to its environment (see childOverrides). Its stderr goes to a
// file that failures show.
func startChild(t *testing.T, dir string, env ...string) *child {
	t.Helper()
	errFile, err := os.CreateTemp(t.TempDir(), "gateway-stderr-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childEnv+"="+dir), env...)
	cmd.Stderr = errFile
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{t: t, dir: dir, cmd: cmd, stdin: stdin, stdout: bufio.NewScanner(out), stderr: errFile, done: make(chan error, 1)}
	t.Cleanup(func() { c.kill() })
	if !c.stdout.Scan() || c.stdout.Text() != "ready" {
		c.kill()
		t.Fatalf("gateway process did not start: %q\n%s", c.stdout.Text(), c.errors())
	}
	if c.info, err = statedir.Running(dir); err != nil {
		t.Fatal(err)
	}
	return c
}

// errors is what the gateway wrote to stderr so far.
func (c *child) errors() string {
	b, _ := os.ReadFile(c.stderr.Name())
	return string(b)
}

func (c *child) stats() stats {
	c.t.Helper()
	if _, err := io.WriteString(c.stdin, "stats\n"); err != nil {
		c.t.Fatal(err)
	}
	var s stats
	if !c.stdout.Scan() || json.Unmarshal(c.stdout.Bytes(), &s) != nil {
		c.t.Fatalf("stats: %q\n%s", c.stdout.Text(), c.errors())
	}
	return s
}

// kill ends the gateway with SIGKILL (a no-op once it has ended) and
// reaps it.
func (c *child) kill() {
	if c.cmd.ProcessState != nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	_ = c.cmd.Wait()
}

// stop shuts the gateway down cleanly and checks that it exited 0.
func (c *child) stop() {
	c.t.Helper()
	c.stdin.Close()
	go func() { c.done <- c.cmd.Wait() }()
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Errorf("gateway exit: %v\n%s", err, c.errors())
		}
	case <-time.After(time.Minute): // a guard: a clean shutdown takes well under a second
		c.kill()
		c.t.Fatal("the gateway did not shut down within a minute")
	}
}

// childrenOf lists the live (not zombie) processes whose parent is pid.
func childrenOf(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		ppid, state, ok := procStat(p)
		if ok && ppid == pid && state != "Z" && state != "X" {
			out = append(out, p)
		}
	}
	return out
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	_, state, ok := procStat(pid)
	return ok && state != "Z" && state != "X"
}

// procStat reads the parent and state of pid from /proc/<pid>/stat.
func procStat(pid int) (ppid int, state string, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, "", false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 2 {
		return 0, "", false
	}
	ppid, err = strconv.Atoi(f[1])
	return ppid, f[0], err == nil
}

var errTimeout = errors.New("timed out")

// waitFor polls cond every few milliseconds until it holds or limit
// passes: for conditions that the code under test reaches asynchronously
// and reports nowhere else (a process reaped, a goroutine returned).
func waitFor(limit time.Duration, cond func() bool) error {
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			return errTimeout
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}
