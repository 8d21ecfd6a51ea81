//go:build linux

package memcg

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// These tests use the real cgroup of the test process: real child
// processes (this test binary, re-executed in a helper mode) are limited,
// OOM-killed and removed by the kernel. They skip where no memory
// controller can be used, unless WSDEPLOY_REQUIRE_MEMCG is set.

const (
	helperEnv = "MEMCG_TEST_HELPER"
	limit     = 64 << 20
	// helperTimeout only ends a broken run: a helper finishes in well under
	// a second.
	helperTimeout = 2 * time.Minute
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(helper(mode))
	}
	code := m.Run()
	if shared.c != nil {
		if err := shared.c.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "closing the shared controller:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// helper is the child process: "sleep" blocks until stdin closes;
// "alloc=N" waits for one byte on stdin (sent once it is in its group),
// then touches N bytes; "fork-alloc=N" does the same in a child of its own
// and exits 137 when that child was SIGKILLed.
func helper(mode string) int {
	name, arg, _ := strings.Cut(mode, "=")
	n, _ := strconv.Atoi(arg)
	switch name {
	case "sleep":
		_, _ = io.Copy(io.Discard, os.Stdin)
		return 0
	case "alloc":
		if _, err := os.Stdin.Read(make([]byte, 1)); err != nil {
			return 2
		}
		b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			return 3
		}
		touch(b)
		return 0
	case "fork-alloc":
		if _, err := os.Stdin.Read(make([]byte, 1)); err != nil {
			return 2
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), helperEnv+"=alloc="+arg)
		cmd.Stdin = strings.NewReader("x")
		err := cmd.Run()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return 137
		}
		if err != nil {
			return 4
		}
		return 0
	}
	return 5
}

// touch writes one byte per page, so every page is charged. It is not
// instrumented by the race detector, whose shadow memory would be charged
// to the group too.
//
//go:norace
func touch(b []byte) {
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
}

var shared struct {
	once   sync.Once
	c      *Controller
	reason string
}

// controller is the test process's one controller, as a gateway has one.
func controller(t *testing.T) *Controller {
	t.Helper()
	shared.once.Do(func() { shared.c, shared.reason = Detect() })
	if shared.c == nil {
		noController(t, shared.reason)
	}
	return shared.c
}

func noController(t *testing.T, reason string) {
	t.Helper()
	if os.Getenv("WSDEPLOY_REQUIRE_MEMCG") != "" {
		t.Fatalf("no usable memory controller: %s", reason)
	}
	t.Skipf("no usable memory controller: %s", reason)
}

// child is a helper process in a group.
type child struct {
	ctx   context.Context // ends a helper that hangs
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// startIn starts a helper and moves it into g before it does anything.
func startIn(t *testing.T, g *Group, mode string) *child {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), helperTimeout)
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = stdin.Close()
		_ = cmd.Wait() // already waited for when the test got that far
	})
	if err := g.Add(cmd.Process.Pid); err != nil {
		t.Fatal(err)
	}
	return &child{ctx, cmd, stdin}
}

// run lets an alloc helper go and waits for it.
func (ch *child) run(t *testing.T) syscall.WaitStatus {
	t.Helper()
	if _, err := ch.stdin.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	return ch.wait(t)
}

func (ch *child) wait(t *testing.T) syscall.WaitStatus {
	t.Helper()
	_ = ch.cmd.Wait()
	if ch.ctx.Err() != nil {
		t.Fatalf("helper still running after %v: killed", helperTimeout)
	}
	return ch.cmd.ProcessState.Sys().(syscall.WaitStatus)
}

func newGroup(t *testing.T, c *Controller, limitBytes int64) *Group {
	t.Helper()
	g, err := c.New(strings.ReplaceAll(t.Name(), "/", "_"), limitBytes)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := g.Close(); err != nil {
			t.Error(err)
		}
	})
	return g
}

func TestDetectFindsController(t *testing.T) {
	c := controller(t)
	t.Log(c)
	if !strings.HasPrefix(c.String(), "cgroup v") || !strings.Contains(c.String(), c.dir) {
		t.Errorf("String() = %q, want the version and %s", c, c.dir)
	}
	if want := "wsdeploy-" + strconv.Itoa(os.Getpid()); filepath.Base(c.dir) != want {
		t.Errorf("parent group %s, want it named %s", c.dir, want)
	}
	if fi, err := os.Stat(c.dir); err != nil || !fi.IsDir() {
		t.Errorf("parent group %s: %v", c.dir, err)
	}
}

func TestNewSetsTheLimitWithoutSwap(t *testing.T) {
	g := newGroup(t, controller(t), limit)
	files := map[string]string{"memory.limit_in_bytes": strconv.Itoa(limit), "memory.memsw.limit_in_bytes": strconv.Itoa(limit)}
	if g.c.v2 {
		files = map[string]string{"memory.max": strconv.Itoa(limit), "memory.swap.max": "0", "memory.oom.group": "1"}
	}
	for file, want := range files {
		b, err := os.ReadFile(filepath.Join(g.Dir(), file))
		if errors.Is(err, fs.ErrNotExist) && !strings.HasPrefix(file, "memory.limit") && file != "memory.max" {
			t.Logf("%s absent (swap not accounted by this kernel)", file)
			continue
		}
		if err != nil || strings.TrimSpace(string(b)) != want {
			t.Errorf("%s = %q, %v; want %s", file, b, err, want)
		}
	}
}

func TestOverTheLimitIsOOMKilled(t *testing.T) {
	testtier.NeedsProcesses(t)
	g := newGroup(t, controller(t), limit)
	ws := startIn(t, g, "alloc="+strconv.Itoa(256<<20)).run(t)
	if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("a process touching 256 MiB in a 64 MiB group ended with %v, want SIGKILL", ws)
	}
	oom, err := g.OOMKilled()
	if err != nil || !oom {
		t.Errorf("OOMKilled() = %v, %v; want true", oom, err)
	}
	peak := g.PeakBytes()
	t.Logf("peak %d bytes (%.1f MiB) under a %d MiB limit", peak, float64(peak)/(1<<20), limit>>20)
	if peak < limit/2 {
		t.Errorf("PeakBytes() = %d, want near the %d-byte limit the process ran into", peak, limit)
	}
}

func TestUnderTheLimitIsNotOOMKilled(t *testing.T) {
	g := newGroup(t, controller(t), limit)
	if ws := startIn(t, g, "alloc="+strconv.Itoa(8<<20)).run(t); ws.ExitStatus() != 0 {
		t.Fatalf("a process touching 8 MiB in a 64 MiB group ended with %v, want exit 0", ws)
	}
	if oom, err := g.OOMKilled(); err != nil || oom {
		t.Errorf("OOMKilled() = %v, %v; want false", oom, err)
	}
	if peak := g.PeakBytes(); peak < 8<<20 {
		t.Errorf("PeakBytes() = %d, want at least the 8 MiB the process touched", peak)
	}
}

// TestChildrenStayInTheGroup: a process forked after Add is limited too.
func TestChildrenStayInTheGroup(t *testing.T) {
	testtier.NeedsProcesses(t)
	g := newGroup(t, controller(t), limit)
	ws := startIn(t, g, "fork-alloc="+strconv.Itoa(256<<20)).run(t)
	killed := ws.ExitStatus() == 137 || ws.Signaled() && ws.Signal() == syscall.SIGKILL // v2's oom.group kills both
	if !killed {
		t.Fatalf("a child touching 256 MiB under a helper in a 64 MiB group: helper ended with %v, want the child SIGKILLed", ws)
	}
	if oom, err := g.OOMKilled(); err != nil || !oom {
		t.Errorf("OOMKilled() = %v, %v; want true", oom, err)
	}
}

func TestCloseKillsAndRemoves(t *testing.T) {
	g := newGroup(t, controller(t), limit)
	ch := startIn(t, g, "sleep")
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	if ws := ch.wait(t); !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Errorf("process left in the group ended with %v, want SIGKILL", ws)
	}
	if _, err := os.Stat(g.Dir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("group %s after Close: %v, want it removed", g.Dir(), err)
	}
	if err := g.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestControllerCloseRemovesParent(t *testing.T) {
	controller(t) // skips where there is none
	c, reason := Detect()
	if c == nil {
		t.Fatalf("a second Detect failed: %s", reason)
	}
	g, err := c.New("c-open", limit)
	if err != nil {
		t.Fatal(err)
	}
	ch := startIn(t, g, "sleep")
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if ws := ch.wait(t); !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Errorf("process of an open group ended with %v, want SIGKILL", ws)
	}
	if _, err := os.Stat(c.dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("parent %s after Close: %v, want it removed", c.dir, err)
	}
	if _, err := c.New("c-late", limit); err == nil {
		t.Error("New after Close succeeded")
	}
}

// TestDetectRemovesStaleGroups: the groups of a gateway that no longer
// runs are removed, and what still ran in them killed.
func TestDetectRemovesStaleGroups(t *testing.T) {
	c := controller(t)
	// Above the largest pid_max (2^22), so no process has this pid, and
	// apart from that of another run of this test.
	stale := filepath.Join(c.base, "wsdeploy-"+strconv.Itoa(1<<22+os.Getpid()))
	orphan := filepath.Join(stale, "c-orphan")
	for _, dir := range []string{stale, orphan} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { _ = removeTree(stale, c.v2) })
	ch := startIn(t, &Group{c: c, dir: orphan}, "sleep")
	c2, reason := Detect()
	if c2 == nil {
		t.Fatalf("Detect: %s", reason)
	}
	defer c2.Close()
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("stale %s after Detect: %v, want it removed", stale, err)
	}
	if ws := ch.wait(t); !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Errorf("process in a stale group ended with %v, want SIGKILL", ws)
	}
	if _, err := os.Stat(c.dir); err != nil {
		t.Errorf("this process's own parent %s: %v, want it kept", c.dir, err)
	}
}

func TestNewRejectsBadInput(t *testing.T) {
	c := controller(t)
	for _, name := range []string{"", ".", "..", "../x", "a/b", ".hidden", "a b", strings.Repeat("x", 201)} {
		if g, err := c.New(name, limit); err == nil {
			_ = g.Close()
			t.Errorf("New(%q) succeeded", name)
		}
	}
	if _, err := c.New("c-zero", 0); err == nil || !strings.Contains(err.Error(), "must be positive") {
		t.Errorf("New with a 0-byte limit: err = %v", err)
	}
}

// TestV2WithoutMemoryNamesTheFix: where the cgroup v2 hierarchy lacks the
// memory controller (this machine's hybrid layout), detectV2 refuses it
// and says how to get a delegated one.
func TestV2WithoutMemoryNamesTheFix(t *testing.T) {
	ms, pc, err := readProc()
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := findMount(ms, "", pc.unified)
	if dir == "" {
		t.Skip("no cgroup v2 hierarchy shows this process's cgroup")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "cgroup.controllers")); strings.Contains(string(b), "memory") {
		t.Skipf("%s offers the memory controller (%s)", dir, strings.TrimSpace(string(b)))
	}
	c, reason := detectV2(dir)
	if c != nil {
		t.Fatalf("detectV2(%s) = %v, want none", dir, c)
	}
	t.Log(reason)
	if !strings.Contains(reason, "not delegated") || !strings.Contains(reason, "Delegate=yes") {
		t.Errorf("reason %q does not say what is missing and how to get it", reason)
	}
}
