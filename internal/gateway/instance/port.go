package instance

import (
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
)

// FreePort returns a port that is free on every address right now, for the
// caller to give to a new instance, from below the kernel's ephemeral range
// (BindBelowEphemeral). Another process may still take it; Start then
// reports the conflict.
func FreePort() (int, error) {
	var port int
	err := BindBelowEphemeral(func(p int) error {
		l, err := net.Listen("tcp", ":"+strconv.Itoa(p))
		if err != nil {
			return err
		}
		port = l.Addr().(*net.TCPAddr).Port
		return l.Close()
	})
	return port, err
}

// BindBelowEphemeral calls bind with ports chosen at random below the
// kernel's ephemeral range until one succeeds, and with 0 (the kernel's
// pick) where there is no such range or every try failed. A port from the
// ephemeral range is also what every outgoing connection takes: under load
// one of them takes a port between its check and its bind (seen with 300
// functions smoke-tested at once), or a gateway's trigger port between its
// restarts, and the listener cannot have it.
func BindBelowEphemeral(bind func(port int) error) error {
	if lo, hi, ok := instancePortRange(); ok {
		for range 32 {
			if bind(lo+rand.IntN(hi-lo+1)) == nil {
				return nil
			}
		}
	}
	return bind(0)
}

// Instance ports are chosen from [minInstancePort, the ephemeral range's
// start), when that leaves at least minInstancePorts ports.
const (
	minInstancePort  = 10000
	minInstancePorts = 1000
)

// instancePortRange is the range below Linux's ephemeral ports
// (net.ipv4.ip_local_port_range, 32768 by default), where the kernel never
// picks a port for a connection.
func instancePortRange() (lo, hi int, ok bool) {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 0, 0, false
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0, 0, false
	}
	start, err := strconv.Atoi(f[0])
	if err != nil || start-minInstancePort < minInstancePorts {
		return 0, 0, false
	}
	return minInstancePort, start - 1, true
}
