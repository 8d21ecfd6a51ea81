//go:build linux

package memcg

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Controller is the gateway's memory controller: a "wsdeploy-<pid>"
// cgroup under the gateway's own, holding one child group per instance.
type Controller struct {
	v2   bool
	base string // the gateway's own cgroup (v2: the one it left for its leaf)
	dir  string // base/wsdeploy-<pid>: the parent of every instance group
	leaf string // v2 only: the leaf the gateway moved itself into, or ""

	mu     sync.Mutex
	groups map[*Group]struct{}
	closed bool
}

// Group is the memory cgroup of one instance.
type Group struct {
	c   *Controller
	dir string

	mu     sync.Mutex
	closed bool
}

var (
	// detectMu serialises Detect: it names and creates directories that
	// another Detect of this process must not take for stale.
	detectMu sync.Mutex
	// made holds the names this process created in its own cgroup.
	made = map[string]bool{}
)

// Detect finds a memory controller the gateway can use: cgroup v2 when the
// memory controller is delegated to the gateway's cgroup, else cgroup v1's
// memory hierarchy. It removes "wsdeploy-<pid>" groups left by gateways
// that no longer run (killing what still runs in them) and creates this
// gateway's own. When no controller can be used it returns nil and a
// one-line reason that says what to do.
func Detect() (*Controller, string) {
	detectMu.Lock()
	defer detectMu.Unlock()
	ms, pc, err := readProc()
	if err != nil {
		return nil, fmt.Sprintf("cannot tell which cgroups this process is in (%v): instances run without memory limits", err)
	}
	v2reason := ""
	if pc.unified != "" {
		if dir, found := findMount(ms, "", pc.unified); found {
			if dir == "" {
				v2reason = notVisible(2, pc.unified)
			} else if c, reason := detectV2(dir); c != nil {
				return c, ""
			} else {
				v2reason = reason
			}
		}
	}
	// A v1 memory hierarchy owns the controller, so v2's reason is moot.
	if p, ok := pc.v1["memory"]; ok {
		if dir, found := findMount(ms, "memory", p); found {
			if dir == "" {
				return nil, notVisible(1, p)
			}
			return detectV1(dir)
		}
	}
	if v2reason != "" {
		return nil, v2reason
	}
	return nil, "no cgroup memory controller is mounted (neither cgroup2 nor cgroup v1's memory hierarchy in /proc/self/mountinfo): mount cgroup2 at /sys/fs/cgroup to limit instances' memory"
}

func readProc() ([]mount, procCgroup, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, procCgroup{}, err
	}
	defer f.Close()
	ms, err := parseMountinfo(f)
	if err != nil {
		return nil, procCgroup{}, err
	}
	g, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return nil, procCgroup{}, err
	}
	defer g.Close()
	pc, err := parseProcCgroup(g)
	return ms, pc, err
}

func notVisible(v int, p string) string {
	return fmt.Sprintf("cgroup v%d: the gateway's cgroup %s is outside the mounted cgroup hierarchy: run the gateway where its own cgroup is mounted (a container needs its own cgroup namespace)", v, p)
}

// delegate is the command that gives the gateway a delegated v2 subtree.
func delegate() string {
	if os.Geteuid() == 0 {
		return "systemd-run --scope -p Delegate=yes wsdeploy gateway"
	}
	return "systemd-run --user --scope -p Delegate=yes wsdeploy gateway"
}

func detectV2(dir string) (*Controller, string) {
	ctrls, err := os.ReadFile(filepath.Join(dir, "cgroup.controllers"))
	if err != nil {
		return nil, fmt.Sprintf("cgroup v2: %v: run the gateway under `%s`", err, delegate())
	}
	if !slices.Contains(strings.Fields(string(ctrls)), "memory") {
		return nil, fmt.Sprintf("cgroup v2 memory controller not delegated to this user (%s offers only %q): run the gateway under `%s`",
			dir, strings.TrimSpace(string(ctrls)), delegate())
	}
	base := dir
	if filepath.Base(dir) == leafName() && made[leafName()] {
		base = filepath.Dir(dir) // an earlier Detect of this process moved it here
	}
	removeStale(base, true)
	c := &Controller{v2: true, base: base}
	err = enableMemory(base)
	if errors.Is(err, syscall.EBUSY) {
		// v2 lets only leaves hold processes once a controller is
		// enabled for children, and base holds the gateway.
		if err = c.moveToLeaf(); err == nil {
			if err = enableMemory(base); err != nil {
				c.leaveLeaf()
			}
		}
	}
	if errors.Is(err, syscall.EBUSY) {
		return nil, fmt.Sprintf("cgroup v2: %s holds other processes besides the gateway, so it cannot give child groups the memory controller (v2 allows processes only in leaf groups): run the gateway in a cgroup of its own: `%s`", base, delegate())
	}
	if err != nil {
		return nil, fmt.Sprintf("cgroup v2 memory controller not delegated to this user (%v): run the gateway under `%s`", err, delegate())
	}
	if err := c.makeDir(); err != nil {
		return nil, fmt.Sprintf("cgroup v2 memory controller not delegated to this user (%v): run the gateway under `%s`", err, delegate())
	}
	if err := enableMemory(c.dir); err != nil {
		_ = removeGroup(c.dir, true)
		return nil, fmt.Sprintf("cgroup v2: cannot enable the memory controller for instance groups (%v): run the gateway under `%s`", err, delegate())
	}
	return c, ""
}

func enableMemory(dir string) error {
	return writeFile(filepath.Join(dir, "cgroup.subtree_control"), "+memory")
}

func leafName() string { return "wsdeploy-" + strconv.Itoa(os.Getpid()) + "-gateway" }

// moveToLeaf moves the gateway from base into a leaf group of its own.
func (c *Controller) moveToLeaf() error {
	leaf := filepath.Join(c.base, leafName())
	if err := os.Mkdir(leaf, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	made[leafName()] = true
	if err := writeFile(filepath.Join(leaf, "cgroup.procs"), strconv.Itoa(os.Getpid())); err != nil {
		_ = syscall.Rmdir(leaf)
		return err
	}
	c.leaf = leaf
	return nil
}

// leaveLeaf undoes moveToLeaf when it did not help.
func (c *Controller) leaveLeaf() {
	_ = writeFile(filepath.Join(c.base, "cgroup.procs"), strconv.Itoa(os.Getpid()))
	_ = syscall.Rmdir(c.leaf)
	c.leaf = ""
}

func detectV1(dir string) (*Controller, string) {
	if _, err := os.Stat(dir); err != nil {
		return nil, notVisible(1, dir)
	}
	removeStale(dir, false)
	c := &Controller{base: dir}
	if err := c.makeDir(); err != nil {
		return nil, fmt.Sprintf("cgroup v1 memory controller not writable by this user (%v): run the gateway as root, or inside a memory cgroup this user owns (`sudo cgcreate -a $USER:$(id -gn) -t $USER:$(id -gn) -g memory:wsdeploy`, then `cgexec -g memory:wsdeploy wsdeploy gateway`)", err)
	}
	return c, ""
}

// makeDir creates the controller's "wsdeploy-<pid>" parent; a second
// controller in one process (tests) gets "wsdeploy-<pid>-<n>".
func (c *Controller) makeDir() error {
	name := "wsdeploy-" + strconv.Itoa(os.Getpid())
	for n := 2; made[name]; n++ {
		name = "wsdeploy-" + strconv.Itoa(os.Getpid()) + "-" + strconv.Itoa(n)
	}
	dir := filepath.Join(c.base, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	made[name] = true
	c.dir, c.groups = dir, map[*Group]struct{}{}
	return nil
}

// removeStale removes the "wsdeploy-<pid>..." groups in base whose gateway
// no longer runs, or that an earlier process with this pid left.
func removeStale(base string, v2 bool) {
	entries, _ := os.ReadDir(base)
	for _, e := range entries {
		pid, ok := gatewayPID(e.Name())
		if !e.IsDir() || !ok || made[e.Name()] || pid != os.Getpid() && running(pid) {
			continue
		}
		_ = removeTree(filepath.Join(base, e.Name()), v2) // best effort: the next Detect tries again
	}
}

// gatewayPID parses "wsdeploy-<pid>" and "wsdeploy-<pid>-<suffix>".
func gatewayPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, "wsdeploy-")
	if !ok {
		return 0, false
	}
	digits, _, _ := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(digits)
	return pid, err == nil && pid > 0 && digits[0] != '+'
}

func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// String says which controller limits instances, for the gateway's start
// message.
func (c *Controller) String() string {
	v := 1
	if c.v2 {
		v = 2
	}
	s := fmt.Sprintf("cgroup v%d memory at %s", v, c.dir)
	if c.leaf != "" {
		s += " (the gateway moved itself to " + c.leaf + ")"
	}
	return s
}

// New creates the cgroup of one instance, named name, limited to
// limitBytes of memory and no swap.
func (c *Controller) New(name string, limitBytes int64) (*Group, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	if limitBytes <= 0 {
		return nil, fmt.Errorf("memcg: memory limit of %s is %d bytes: it must be positive", name, limitBytes)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, fmt.Errorf("memcg: cannot create the cgroup of %s: the controller is closed", name)
	}
	dir := filepath.Join(c.dir, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("memcg: create the cgroup of %s: %w", name, err)
	}
	g := &Group{c: c, dir: dir}
	if err := g.limit(limitBytes); err != nil {
		_ = removeGroup(dir, c.v2)
		return nil, fmt.Errorf("memcg: limit the memory of %s: %w", name, err)
	}
	c.groups[g] = struct{}{}
	return g, nil
}

func checkName(name string) error {
	bad := func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
	}
	if name == "" || len(name) > 200 || name[0] == '.' || strings.ContainsFunc(name, bad) {
		return fmt.Errorf("memcg: cgroup name %q: want 1 to 200 letters, digits, '-', '_' or '.', not starting with '.'", name)
	}
	return nil
}

func (g *Group) limit(n int64) error {
	limit := strconv.FormatInt(n, 10)
	if g.c.v2 {
		if err := g.write("memory.max", limit); err != nil {
			return err
		}
		if err := g.writeIfPresent("memory.swap.max", "0"); err != nil {
			return err
		}
		// Kill the whole instance, not one of its processes, as FC
		// ends an instance over its memory.
		return g.writeIfPresent("memory.oom.group", "1")
	}
	// memsw (memory+swap) may not be below the memory limit, so it goes second.
	if err := g.write("memory.limit_in_bytes", limit); err != nil {
		return err
	}
	if err := g.writeIfPresent("memory.memsw.limit_in_bytes", limit); err != nil {
		return err
	}
	// A new v1 group inherits oom_kill_disable, which would freeze the
	// instance at its limit instead of killing it.
	if kv, err := readKeyed(filepath.Join(g.dir, "memory.oom_control")); err == nil && kv["oom_kill_disable"] != 0 {
		return g.write("memory.oom_control", "0")
	}
	return nil
}

func (g *Group) write(file, value string) error {
	return writeFile(filepath.Join(g.dir, file), value)
}

func (g *Group) writeIfPresent(file, value string) error {
	if err := g.write(file, value); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Dir is the group's directory (for logs, or to open it for clone3's
// CLONE_INTO_CGROUP on v2).
func (g *Group) Dir() string { return g.dir }

// Add moves process pid, with all its threads, into the group; the
// processes it forks afterwards start there too. Memory the process used
// before the move stays charged where it was, so add it before it runs the
// instance's code.
func (g *Group) Add(pid int) error {
	if err := g.write("cgroup.procs", strconv.Itoa(pid)); err != nil {
		return fmt.Errorf("memcg: move process %d into %s: %w", pid, g.dir, err)
	}
	return nil
}

// OOMKilled reports whether the kernel's OOM killer killed a process of the
// group: the oom_kill count of memory.events (v2) or memory.oom_control
// (v1, Linux 4.13 and later). Older v1 kernels have no such count; there it
// reports whether the group hit its limit (memory.failcnt or
// memory.memsw.failcnt above 0), which the caller must read as an OOM kill
// only together with a SIGKILL exit. Read it before Close.
func (g *Group) OOMKilled() (bool, error) {
	file := "memory.oom_control"
	if g.c.v2 {
		file = "memory.events"
	}
	kv, err := readKeyed(filepath.Join(g.dir, file))
	if err != nil {
		return false, fmt.Errorf("memcg: read %s: %w", file, err)
	}
	if n, ok := kv["oom_kill"]; ok {
		return n > 0, nil
	}
	if g.c.v2 {
		return false, fmt.Errorf("memcg: %s has no oom_kill count (Linux before 4.13)", filepath.Join(g.dir, file))
	}
	for _, f := range []string{"memory.failcnt", "memory.memsw.failcnt"} {
		if n, err := readInt(filepath.Join(g.dir, f)); err == nil && n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// PeakBytes is the group's highest memory use (memory.peak on v2, Linux
// 5.19 and later; memory.max_usage_in_bytes on v1), or 0 when unknown.
// Read it before Close.
func (g *Group) PeakBytes() int64 {
	file := "memory.max_usage_in_bytes"
	if g.c.v2 {
		file = "memory.peak"
	}
	n, err := readInt(filepath.Join(g.dir, file))
	if err != nil {
		return 0
	}
	return n
}

// Close kills what still runs in the group and removes it. It may be
// called again after an error, and does nothing once it succeeded.
func (g *Group) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil
	}
	if err := removeGroup(g.dir, g.c.v2); err != nil {
		return err
	}
	g.closed = true
	g.c.mu.Lock()
	delete(g.c.groups, g)
	g.c.mu.Unlock()
	return nil
}

// Close closes every group still open and removes the controller's
// "wsdeploy-<pid>" parent. A v2 gateway stays in its leaf group (a process
// cannot remove the group it is in); the next Detect removes it.
func (c *Controller) Close() error {
	c.mu.Lock()
	c.closed = true
	groups := make([]*Group, 0, len(c.groups))
	for g := range c.groups {
		groups = append(groups, g)
	}
	c.mu.Unlock()
	var errs []error
	for _, g := range groups {
		errs = append(errs, g.Close())
	}
	errs = append(errs, removeTree(c.dir, c.v2))
	return errors.Join(errs...)
}
