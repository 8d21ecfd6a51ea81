package instance

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"time"
)

// listenProbe finds the instance's listening socket, remembering sockets of
// other processes so that it does not scan their owners again.
type listenProbe struct {
	fn      string
	port    int
	leader  int
	foreign map[uint64]bool
}

// check reports the address to dial once the instance listens on a
// reachable address, a LoopbackError if it listens on loopback only, or
// (with neither) why it is not ready yet.
func (p *listenProbe) check() (addr string, why string, err error) {
	socks, err := listeners(p.port)
	if err == errNoProcfs {
		return p.dial()
	}
	want := map[uint64]bool{}
	for _, s := range socks {
		if !p.foreign[s.inode] {
			want[s.inode] = true
		}
	}
	if len(socks) == 0 {
		return "", fmt.Sprintf("nothing listens on port %d", p.port), nil
	}
	if len(want) == 0 {
		return "", fmt.Sprintf("port %d is taken by another process", p.port), nil
	}
	owned := ownedInodes(treePIDs(p.leader), want)
	var mine []socket
	for _, s := range socks {
		switch {
		case owned[s.inode]:
			mine = append(mine, s)
		case want[s.inode]:
			p.foreign[s.inode] = true
		}
	}
	if len(mine) == 0 {
		return "", fmt.Sprintf("port %d is taken by another process", p.port), nil
	}
	addr, err = dialAddr(p.fn, mine, p.port)
	return addr, "", err
}

// dialAddr picks where to reach a server from its listening sockets. FC
// reaches an instance from outside, so a loopback-only server is an error
// even though it would answer here.
func dialAddr(fn string, socks []socket, port int) (string, error) {
	var any6, specific, loop netip.Addr
	for _, s := range socks {
		ip := s.ip.Unmap()
		switch {
		case ip.IsUnspecified() && ip.Is4():
			return "127.0.0.1:" + strconv.Itoa(port), nil
		case ip.IsUnspecified():
			any6 = ip
		case !ip.IsLoopback():
			specific = ip
		case !loop.IsValid() || ip.Is4():
			loop = ip
		}
	}
	switch {
	case any6.IsValid():
		return "[::1]:" + strconv.Itoa(port), nil
	case specific.IsValid():
		return netip.AddrPortFrom(specific, uint16(port)).String(), nil
	}
	return "", &LoopbackError{Function: fn, Addr: netip.AddrPortFrom(loop, uint16(port)).String(), Port: port}
}

// dial is the check without procfs: something answers on the port. It
// cannot see a loopback-only bind or another process's server.
func (p *listenProbe) dial() (string, string, error) {
	addr := "127.0.0.1:" + strconv.Itoa(p.port)
	c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
	if err != nil {
		return "", fmt.Sprintf("nothing answers on port %d", p.port), nil
	}
	c.Close()
	return addr, "", nil
}
