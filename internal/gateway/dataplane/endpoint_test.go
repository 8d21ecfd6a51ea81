package dataplane

import (
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
)

// A new trigger listens below the kernel's ephemeral range: a port from it
// could be taken by an outgoing connection while the gateway is down, and
// the restarted gateway could then not serve the trigger at its URL.
func TestTriggerPortBelowTheEphemeralRange(t *testing.T) {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		t.Skip("no ephemeral port range to avoid here: ", err)
	}
	first, err := strconv.Atoi(strings.Fields(string(b))[0])
	if err != nil || first < 11000 {
		t.Skipf("the ephemeral range starts at %q: too low to leave room below it", b)
	}
	e := newEnv(t)
	for _, fn := range []string{"a", "b", "c"} {
		e.function(fn, nil)
		u, err := url.Parse(e.trigger(fn, nil))
		if err != nil {
			t.Fatal(err)
		}
		if port, _ := strconv.Atoi(u.Port()); port >= first || port < 10000 {
			t.Errorf("trigger %s listens on port %d, want one in [10000, %d)", fn, port, first)
		}
	}
}
