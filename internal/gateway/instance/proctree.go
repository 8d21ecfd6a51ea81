package instance

import (
	"os"
	"strconv"
	"strings"
)

// treePIDs returns the leader, the members of its process group and all
// their descendants: every process that belongs to the instance.
func treePIDs(leader int) map[int]bool {
	in := map[int]bool{leader: true}
	parent := map[int]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		ppid, pgrp, ok := readStat(pid)
		if !ok {
			continue
		}
		parent[pid] = ppid
		if pgrp == leader {
			in[pid] = true
		}
	}
	for grown := true; grown; {
		grown = false
		for pid, ppid := range parent {
			if !in[pid] && in[ppid] {
				in[pid], grown = true, true
			}
		}
	}
	return in
}

// readStat reads ppid and pgrp from /proc/<pid>/stat
// ("pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses).
func readStat(pid int) (ppid, pgrp int, ok bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 3 {
		return 0, 0, false
	}
	ppid, err1 := strconv.Atoi(f[1])
	pgrp, err2 := strconv.Atoi(f[2])
	return ppid, pgrp, err1 == nil && err2 == nil
}

// ownedInodes returns which of the socket inodes one of pids holds open.
func ownedInodes(pids map[int]bool, want map[uint64]bool) map[uint64]bool {
	owned := map[uint64]bool{}
	for pid := range pids {
		dir := "/proc/" + strconv.Itoa(pid) + "/fd/"
		fds, _ := os.ReadDir(dir)
		for _, fd := range fds {
			link, err := os.Readlink(dir + fd.Name())
			if err != nil {
				continue
			}
			s, ok := strings.CutPrefix(link, "socket:[")
			if !ok {
				continue
			}
			ino, err := strconv.ParseUint(strings.TrimSuffix(s, "]"), 10, 64)
			if err == nil && want[ino] {
				owned[ino] = true
			}
		}
	}
	return owned
}
