//go:build linux

package memcg

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// removeWait bounds how long removing a group waits for its killed
// processes to leave it: the kernel empties a group asynchronously, and a
// process with much memory takes a while to exit on a busy machine.
const removeWait = 10 * time.Second

// writeFile writes one value to a cgroup interface file in a single
// write, so the kernel's answer to it is the error.
func writeFile(path, value string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(value)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func readInt(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
}

// readKeyed reads a flat keyed file ("key value" lines, such as
// memory.events or memory.oom_control).
func readKeyed(path string) (map[string]int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	kv := map[string]int64{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), " ")
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); ok && err == nil {
			kv[k] = n
		}
	}
	return kv, nil
}

// removeTree removes dir's child groups, then dir.
func removeTree(dir string, v2 bool) error {
	entries, _ := os.ReadDir(dir) // a group that is gone has nothing to remove
	var errs []error
	for _, e := range entries {
		if e.IsDir() {
			errs = append(errs, removeTree(filepath.Join(dir, e.Name()), v2))
		}
	}
	return errors.Join(append(errs, removeGroup(dir, v2))...)
}

// removeGroup kills the processes of a group and removes it once the
// kernel has let them go.
func removeGroup(dir string, v2 bool) error {
	deadline := time.Now().Add(removeWait)
	for {
		killAll(dir, v2)
		err := syscall.Rmdir(dir)
		if err == nil || errors.Is(err, syscall.ENOENT) {
			return nil
		}
		if !errors.Is(err, syscall.EBUSY) || time.Now().After(deadline) {
			return fmt.Errorf("memcg: remove %s: %w (processes still in it: %s)", dir, err, procs(dir))
		}
		time.Sleep(10 * time.Millisecond) // the kernel offers no wait for a v1 group to empty
	}
}

// killAll sends SIGKILL to every process of the group: through cgroup.kill
// on v2 (Linux 5.14 and later), which also catches processes forked
// meanwhile, else one by one from cgroup.procs (removeGroup repeats it).
func killAll(dir string, v2 bool) {
	if v2 && writeFile(filepath.Join(dir, "cgroup.kill"), "1") == nil {
		return
	}
	for _, f := range strings.Fields(procs(dir)) {
		if pid, err := strconv.Atoi(f); err == nil && pid > 0 {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

func procs(dir string) string {
	b, _ := os.ReadFile(filepath.Join(dir, "cgroup.procs"))
	return strings.Join(strings.Fields(string(b)), " ")
}
