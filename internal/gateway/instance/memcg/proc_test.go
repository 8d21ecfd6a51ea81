package memcg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCgroupDirFromProcFiles finds the gateway's cgroup directory from
// copies of /proc/self/mountinfo and /proc/self/cgroup: this machine's
// hybrid layout, a systemd cgroup v2 system, a Docker container's v1 view
// (mounted at its own cgroup) and an escaped mount point.
func TestCgroupDirFromProcFiles(t *testing.T) {
	for _, tc := range []struct {
		name, mountinfo, cgroup string
		ctrl                    string // "" for v2
		want                    string // "" when the cgroup is outside the mount
		found                   bool
	}{
		{"hybrid v1 memory", "mountinfo-hybrid", "cgroup-hybrid", "memory",
			"/sys/fs/cgroup/memory/process_api/3e1fa9582fb8058f70cd539457ffc814", true},
		{"hybrid v2 unified", "mountinfo-hybrid", "cgroup-hybrid", "", "/sys/fs/cgroup/unified", true},
		{"v2 systemd scope", "mountinfo-v2", "cgroup-v2", "",
			"/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/run-r1234.scope", true},
		{"v2 has no v1 memory", "mountinfo-v2", "cgroup-v2", "memory", "", false},
		{"docker v1 memory", "mountinfo-docker-v1", "cgroup-docker-v1", "memory", "/sys/fs/cgroup/memory/sub", true},
		{"docker v1 cpu", "mountinfo-docker-v1", "cgroup-docker-v1", "cpu", "/sys/fs/cgroup/cpu,cpuacct", true},
		{"escaped mount point", "mountinfo-escaped", "cgroup-v2", "",
			"/mnt/my cgroups/user.slice/user-1000.slice/user@1000.service/app.slice/run-r1234.scope", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms, pc := readFixtures(t, tc.mountinfo, tc.cgroup)
			p := pc.unified
			if tc.ctrl != "" {
				p = pc.v1[tc.ctrl]
			}
			dir, found := findMount(ms, tc.ctrl, p)
			if dir != filepath.FromSlash(tc.want) || found != tc.found {
				t.Errorf("findMount(%q, %q) = %q, %v; want %q, %v", tc.ctrl, p, dir, found, tc.want, tc.found)
			}
		})
	}
}

// TestCgroupOutsideTheMount tells a cgroup the mount does not show (a
// container sharing the host's cgroup namespace) from an absent hierarchy.
func TestCgroupOutsideTheMount(t *testing.T) {
	ms, _ := readFixtures(t, "mountinfo-docker-v1", "cgroup-docker-v1")
	for _, p := range []string{"/docker/other", "/docker/0123abcdef", "/"} {
		if dir, found := findMount(ms, "memory", p); dir != "" || !found {
			t.Errorf("findMount(memory, %q) = %q, %v; want \"\", true", p, dir, found)
		}
	}
}

func TestMalformedProcFiles(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "mountinfo-malformed"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := parseMountinfo(f); err == nil || !strings.Contains(err.Error(), "malformed line") {
		t.Errorf("parseMountinfo of a line without its separator: err = %v, want a malformed-line error", err)
	}
	for _, s := range []string{"0::", "garbage", "4:memory"} {
		if _, err := parseProcCgroup(strings.NewReader(s + "\n")); err == nil {
			t.Errorf("parseProcCgroup(%q) gave no error", s)
		}
	}
}

func readFixtures(t *testing.T, mountinfo, cgroup string) ([]mount, procCgroup) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", mountinfo))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms, err := parseMountinfo(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", cgroup))
	if err != nil {
		t.Fatal(err)
	}
	pc, err := parseProcCgroup(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return ms, pc
}
