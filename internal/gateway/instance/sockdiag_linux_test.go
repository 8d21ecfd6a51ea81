package instance

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"testing"
)

// TestDiagListenersAgreesWithProcfs checks the netlink answer against
// /proc/net/tcp{,6} for listeners on every kind of address, with an
// established connection and a listener on another port around them.
func TestDiagListenersAgreesWithProcfs(t *testing.T) {
	other, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, network := range []struct{ net, host string }{
		{"tcp4", "0.0.0.0"}, {"tcp4", "127.0.0.1"}, {"tcp6", "::"}, {"tcp6", "::1"},
	} {
		t.Run(network.net+" "+network.host, func(t *testing.T) {
			ln, err := net.Listen(network.net, net.JoinHostPort(network.host, "0"))
			if err != nil {
				t.Skipf("cannot listen on %s: %v", network.host, err)
			}
			defer ln.Close()
			port := ln.Addr().(*net.TCPAddr).Port
			// An established connection on the same port must not be listed.
			c, err := net.Dial(network.net, net.JoinHostPort(ln.Addr().(*net.TCPAddr).IP.String(), strconv.Itoa(port)))
			if err == nil {
				defer c.Close()
			}
			diag, err := diagListeners(port)
			if err != nil {
				t.Fatalf("diagListeners: %v", err)
			}
			proc, err := procListeners(port)
			if err != nil {
				t.Fatalf("procListeners: %v", err)
			}
			key := func(s []socket) []string {
				var out []string
				for _, x := range s {
					out = append(out, fmt.Sprint(x.ip.Unmap(), "/", x.inode))
				}
				slices.Sort(out)
				return out
			}
			if len(diag) != 1 || !slices.Equal(key(diag), key(proc)) {
				t.Fatalf("sock_diag found %v; procfs %v; want the one listener", key(diag), key(proc))
			}
			if got := diag[0].ip.Unmap().String(); got != network.host {
				t.Errorf("address %s; want %s", got, network.host)
			}
		})
	}
}

// BenchmarkListeners compares the two ways with the machine's sockets as
// they are; open many connections first to see the procfs cost grow.
func BenchmarkListeners(b *testing.B) {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	for name, f := range map[string]func(int) ([]socket, error){"sock_diag": diagListeners, "procfs": procListeners} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if s, err := f(port); err != nil || len(s) == 0 {
					b.Fatal(s, err)
				}
			}
		})
	}
}
