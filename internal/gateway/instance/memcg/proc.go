package memcg

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// mount is one cgroup filesystem from /proc/self/mountinfo.
type mount struct {
	root   string   // the cgroup shown at the mount point ("/" unless bind-mounted or namespaced)
	point  string   // where it is mounted
	fstype string   // "cgroup" (v1) or "cgroup2"
	opts   []string // super options: a v1 hierarchy lists its controllers here
}

// parseMountinfo returns the cgroup and cgroup2 mounts of a mountinfo file
// (proc(5): "id parent major:minor root point options [optional...] - fstype
// source superoptions").
func parseMountinfo(r io.Reader) ([]mount, error) {
	var ms []mount
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		sep := -1
		for i := 6; i < len(f); i++ {
			if f[i] == "-" {
				sep = i
				break
			}
		}
		if len(f) < 5 || sep < 0 || sep+3 >= len(f) {
			return nil, fmt.Errorf("mountinfo: malformed line %q", sc.Text())
		}
		fstype := f[sep+1]
		if fstype != "cgroup" && fstype != "cgroup2" {
			continue
		}
		ms = append(ms, mount{
			root:   unescapeMount(f[3]),
			point:  unescapeMount(f[4]),
			fstype: fstype,
			opts:   strings.Split(f[sep+3], ","),
		})
	}
	return ms, sc.Err()
}

// unescapeMount undoes the kernel's octal escapes (\040 for a space, ...)
// in mountinfo's path fields.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// procCgroup is the process's place in each hierarchy, from /proc/self/cgroup.
type procCgroup struct {
	unified string            // the "0::" line's path (cgroup v2); "" when absent
	v1      map[string]string // v1 controller (or "name=...") -> path
}

// parseProcCgroup reads /proc/self/cgroup ("id:controllers:path" per line,
// cgroups(7)).
func parseProcCgroup(r io.Reader) (procCgroup, error) {
	pc := procCgroup{v1: map[string]string{}}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 || !strings.HasPrefix(f[2], "/") {
			return procCgroup{}, fmt.Errorf("/proc/self/cgroup: malformed line %q", line)
		}
		if f[0] == "0" && f[1] == "" {
			pc.unified = f[2]
			continue
		}
		for _, ctrl := range strings.Split(f[1], ",") {
			pc.v1[ctrl] = f[2]
		}
	}
	return pc, sc.Err()
}

// findMount returns the mount of the hierarchy that shows cgroup path p:
// the cgroup2 mount when ctrl is "", else the v1 mount carrying ctrl, and
// the directory of p on it.
func findMount(ms []mount, ctrl, p string) (dir string, found bool) {
	for _, m := range ms {
		if ctrl == "" && m.fstype != "cgroup2" || ctrl != "" && (m.fstype != "cgroup" || !slices.Contains(m.opts, ctrl)) {
			continue
		}
		found = true
		if rel, ok := under(p, m.root); ok {
			return filepath.Join(m.point, filepath.FromSlash(rel)), true
		}
	}
	return "", found
}

// under reports p relative to root when p is root or below it.
func under(p, root string) (string, bool) {
	p, root = path.Clean(p), path.Clean(root)
	if root == "/" {
		return p, true
	}
	if p == root {
		return "/", true
	}
	if rest, ok := strings.CutPrefix(p, root+"/"); ok {
		return "/" + rest, true
	}
	return "", false
}
