package instance

import (
	"net"
	"strconv"
	"testing"
)

// Instance ports come from below the ephemeral range, where no outgoing
// connection can take them between FreePort and the instance's bind.
func TestFreePortAvoidsTheEphemeralRange(t *testing.T) {
	lo, hi, ok := instancePortRange()
	if !ok {
		t.Skip("no ephemeral port range to avoid here")
	}
	for range 50 {
		port, err := FreePort()
		if err != nil {
			t.Fatal(err)
		}
		if port < lo || port > hi {
			t.Fatalf("port %d is outside [%d, %d], below the ephemeral range", port, lo, hi)
		}
		l, err := net.Listen("tcp", ":"+strconv.Itoa(port))
		if err != nil {
			t.Fatalf("port %d was given as free: %v", port, err)
		}
		l.Close()
	}
}
