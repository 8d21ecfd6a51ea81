package dataplane

import (
	"testing"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// TestReclaimIdleAtLimit: at MaxInstances a new instance takes the place
// of the least recently used idle one, of any function, as on FC where
// the limit counts instances that process requests; busy instances are
// never reclaimed, and with all of them busy the answer stays 429.
func TestReclaimIdleAtLimit(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxInstances = 2 })
	urls := map[string]string{}
	for _, fn := range []string{"a", "b", "c", "d", "e"} {
		e.function(fn, nil)
		urls[fn] = e.trigger(fn, nil)
	}
	// used opens a connection to fn, says on which instance it landed,
	// and closes it, leaving that instance idle.
	used := func(fn string) string {
		c, id := helloID(t, urls[fn])
		c.Close(websocket.StatusNormalClosure, "")
		e.waitIdle(fn)
		return id
	}
	a := used("a")
	used("b") // b is now the more recently used idle instance

	c, _ := helloID(t, urls["c"]) // the limit is reached: a gives way
	defer c.CloseNow()
	ev := e.waitEvent(InstanceStopped)
	if ev.InstanceID != a || ev.Reason != ReasonReclaimed {
		t.Fatalf("stopped %s (%s) for c; want a's idle instance %s, reclaimed", ev.InstanceID, ev.Reason, a)
	}
	d, _ := helloID(t, urls["d"]) // b is idle, c busy: b gives way
	defer d.CloseNow()
	if ev := e.waitEvent(InstanceStopped); ev.Function != "b" || ev.Reason != ReasonReclaimed {
		t.Fatalf("stopped %s of %s (%s) for d; want b's idle instance, reclaimed", ev.InstanceID, ev.Function, ev.Reason)
	}
	code, h, b := e.get(urls["e"]) // c and d are busy: nothing to reclaim
	expectRefusal(t, code, h, b, 429, fcspec.ErrorTypeCommon, fcspec.CodeResourceExhausted)
	echo(t, c, "c still works")
	echo(t, d, "d still works")
}
