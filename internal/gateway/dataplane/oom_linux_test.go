package dataplane

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/memcg"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/sandbox"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// An instance over its memory_size is killed by the kernel: its open
// WebSocket ends with 1006, and the function's log (what wsdeploy logs
// shows) says it ran out of memory, which its own output cannot say.
func TestOutOfMemoryEndsWith1006AndIsLogged(t *testing.T) {
	testtier.NeedsProcesses(t)
	if ok, why := sandbox.Available(); !ok {
		t.Skip("no sandbox here, so no memory limit: ", why)
	}
	mc, why := memcg.Detect()
	if mc == nil {
		t.Skip("no cgroup memory controller can be used here, so instances run without a memory limit: ", why)
	}
	t.Cleanup(func() { mc.Close() }) // after the plane's Close (cleanups run last first)
	logs := make(gatewaySink, 100)
	e := newEnv(t, func(c *Config) { c.Sandboxed, c.Memory, c.LogSink = true, mc, logs })

	// The test function inside its code, as a sandbox sees nothing else.
	code := t.TempDir()
	bin, err := os.ReadFile(wsfuncBin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(code, "wsfunc"), bin, 0o755); err != nil {
		t.Fatal(err)
	}
	e.function("hog", func(s *FunctionSpec) {
		s.CodeDir, s.Command, s.MemoryMB, s.InstanceConcurrency = code, []string{"/code/wsfunc"}, 64, 2
	})
	url := e.trigger("hog", nil)
	c := mustDial(t, url)
	echo(t, c, "before")
	insts := e.p.Instances("hog")
	if len(insts) != 1 {
		t.Fatalf("instances %+v, want one", insts)
	}

	// Its second slot takes a request that goes over 64 MB.
	if status, _, body := e.get(url + "alloc?mb=256"); status == 200 {
		t.Fatalf("the instance answered %q past its memory_size", body)
	}
	if err := readErr(t, c); !abnormal(err) {
		t.Errorf("the WebSocket ended with %v, want an abnormal closure (1006)", err)
	}
	ev := e.waitEvent(InstanceCrashed)
	if ev.InstanceID != insts[0].ID || ev.Exit.OutOfMemory == nil {
		t.Fatalf("crash event %+v, want instance %s out of memory", ev, insts[0].ID)
	}
	// The line is written before the event is sent: it is there by now.
	want := insts[0].ID + " instance " + insts[0].ID + " ended: "
	for {
		select {
		case l := <-logs:
			if strings.HasPrefix(l, want) {
				if !strings.Contains(l, "out of memory, over its memory_size of 64 MB") {
					t.Errorf("the function's log says %q, want it to say out of memory, over 64 MB", l)
				}
				return
			}
		default:
			t.Fatalf("the function's log has no line on the instance's end (%q...)", want)
		}
	}
}
