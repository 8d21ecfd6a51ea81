package instance

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// One round of every way an instance can start and end.
func lifecycles(t *testing.T) {
	t.Helper()
	inst := start(t, spec(t, newMemSink(), "-say", "3"))
	if _, err := get(inst.Addr(), "/"); err != nil {
		t.Fatal(err)
	}
	inst.Stop(5 * time.Second)

	s := spec(t, nil, "-unhealthy", "2")
	s.HealthCheck = &HealthCheck{HTTPGetURL: "/health"}
	start(t, s).Stop(5 * time.Second)

	inst = start(t, spec(t, nil, "-spawn"))
	_, _ = get(inst.Addr(), "/crash")
	waitDone(t, inst)

	for _, args := range [][]string{{"-exit", "1"}, {"-host", "127.0.0.1"}} {
		if _, err := Start(context.Background(), spec(t, nil, args...)); err == nil {
			t.Fatalf("%v started", args)
		}
	}
}

func TestNoLeakedFDsOrGoroutines(t *testing.T) {
	testtier.MeasuresLatency(t)
	lifecycles(t) // warm up: lazily created runtime state is not a leak
	fds, gs := openFDs(t), runtime.NumGoroutine()
	for range 3 {
		lifecycles(t)
	}
	if n := openFDs(t); n != fds {
		t.Errorf("open fds: %d before, %d after", fds, n)
	}
	// A finished goroutine may still be on its way out after its last
	// channel operation; give it until the limit to disappear.
	limit := time.Now().Add(waitLimit)
	for runtime.NumGoroutine() > gs && time.Now().Before(limit) {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > gs {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines: %d before, %d after\n%s", gs, n, buf[:runtime.Stack(buf, true)])
	}
}

func openFDs(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(fds)
}
