package instance

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// pidOf waits for the test server to print its pid.
func pidOf(t *testing.T, sink *memSink) int {
	t.Helper()
	line := sink.waitLine(t, "pid ").Line
	pid, err := strconv.Atoi(strings.TrimPrefix(line, "pid "))
	if err != nil {
		t.Fatal(line, err)
	}
	return pid
}

// zombieOrGone reports whether pid has ended (a zombie waits only for its
// parent; reparented ones may wait for an init that never reaps).
func zombieOrGone(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && (f[0] == "Z" || f[0] == "X")
}

// waitGone waits for pid to end. It only closes the gap between a process
// closing its files (which the caller has observed) and the kernel marking
// it dead.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	limit := time.Now().Add(waitLimit)
	for !zombieOrGone(pid) {
		if time.Now().After(limit) {
			t.Fatalf("process %d is still running", pid)
		}
		time.Sleep(time.Millisecond)
	}
}
