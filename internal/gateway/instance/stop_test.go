package instance

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

func TestStopKillsGrandchildren(t *testing.T) {
	testtier.NeedsProcesses(t)
	sink := newMemSink()
	inst := start(t, spec(t, sink, "-spawn"))
	line := sink.waitLine(t, "GRANDCHILD ").Line
	pid, err := strconv.Atoi(strings.TrimPrefix(line, "GRANDCHILD "))
	if err != nil {
		t.Fatal(line, err)
	}
	if zombieOrGone(pid) {
		t.Fatalf("grandchild %d is not running before Stop", pid)
	}
	e := inst.Stop(5 * time.Second)
	if !e.Stopped || e.Signal != syscall.SIGTERM {
		t.Errorf("exit = %v; want stopped by SIGTERM", e)
	}
	// Done waited for the grandchild's copy of stdout to close.
	waitGone(t, pid)
}

// A leader that ignores SIGTERM is killed after the grace period.
func TestStopEscalatesToSIGKILL(t *testing.T) {
	inst := start(t, spec(t, nil, "-ignoreterm"))
	e := inst.Stop(50 * time.Millisecond)
	if !e.Stopped || e.Signal != syscall.SIGKILL || e.Code != -1 {
		t.Errorf("exit = %v; want stopped by SIGKILL", e)
	}
	if again := inst.Stop(time.Second); again != e {
		t.Errorf("second Stop = %v; want %v", again, e)
	}
}

func TestCrashDetection(t *testing.T) {
	sink := newMemSink()
	inst := start(t, spec(t, sink, "-spawn"))
	pid, _ := strconv.Atoi(strings.TrimPrefix(sink.waitLine(t, "GRANDCHILD ").Line, "GRANDCHILD "))
	_, _ = get(inst.Addr(), "/crash") // the server exits while answering
	e := waitDone(t, inst)
	if e.Stopped || e.Code != 3 || e.Signal != 0 {
		t.Errorf("exit = %v; want exit status 3, not stopped", e)
	}
	if tail := inst.Tail(); len(tail) == 0 || tail[len(tail)-1] != "crashing" {
		t.Errorf("tail = %q; want it to end with crashing", tail)
	}
	waitGone(t, pid) // a crash takes the whole instance with it
}
