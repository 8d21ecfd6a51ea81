package instance

import (
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
)

// FreePort returns a port that is free on every address right now, for the
// caller to give to a new instance. It prefers a port below the kernel's
// ephemeral range: a port from that range (what ":0" gives) is also what
// every outgoing connection takes, so under load one of them could take it
// between this check and the instance's bind (seen with 300 functions
// smoke-tested at once). Another process may still take it; Start then
// reports the conflict.
func FreePort() (int, error) {
	if lo, hi, ok := instancePortRange(); ok {
		for range 32 {
			if port, ok := tryPort(lo + rand.IntN(hi-lo+1)); ok {
				return port, nil
			}
		}
	}
	l, err := net.Listen("tcp", ":0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
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

// tryPort says whether port can be bound on every address right now.
func tryPort(port int) (int, bool) {
	l, err := net.Listen("tcp", ":"+strconv.Itoa(port))
	if err != nil {
		return 0, false
	}
	l.Close()
	return port, true
}
