package instance

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// errNoProcfs means the listening sockets cannot be read (not Linux).
var errNoProcfs = errors.New("no /proc/net/tcp")

// socket is one listening TCP socket.
type socket struct {
	ip    netip.Addr
	port  int
	inode uint64
}

// tcpListenState is TCP_LISTEN as /proc/net/tcp writes it.
const tcpListenState = "0A"

// listeners returns the sockets that listen on port, IPv4 and IPv6. It asks
// the kernel through sock_diag where it can: the kernel then walks only its
// listening sockets, while /proc/net/tcp lists every socket, so a machine
// holding tens of thousands of TIME_WAIT sockets would slow each cold start.
func listeners(port int) ([]socket, error) {
	if socks, err := diagListeners(port); err == nil {
		return socks, nil
	}
	return procListeners(port)
}

// procListeners reads /proc/net/tcp{,6}, for kernels without sock_diag.
func procListeners(port int) ([]socket, error) { return procNetListeners("/proc/net", port) }

// procNetListeners reads the tables of one network namespace's procfs
// directory, such as /proc/net or /proc/PID/net.
func procNetListeners(dir string, port int) ([]socket, error) {
	var out []socket
	read := false
	for _, name := range []string{dir + "/tcp", dir + "/tcp6"} {
		data, err := os.ReadFile(name)
		if err != nil {
			continue // tcp6 is absent when IPv6 is off
		}
		read = true
		out = appendListeners(out, string(data), port)
	}
	if !read {
		return nil, errNoProcfs
	}
	return out, nil
}

// appendListeners parses one /proc/net/tcp{,6} table:
// "sl local_address rem_address st ... uid timeout inode ...". Port 0
// means every port.
func appendListeners(out []socket, table string, port int) []socket {
	for _, line := range strings.Split(table, "\n")[1:] {
		f := strings.Fields(line)
		if len(f) < 10 || f[3] != tcpListenState {
			continue
		}
		hexIP, hexPort, ok := strings.Cut(f[1], ":")
		if !ok {
			continue
		}
		p, err := strconv.ParseUint(hexPort, 16, 16)
		if err != nil || port != 0 && int(p) != port {
			continue
		}
		ip, ok := parseProcIP(hexIP)
		inode, err := strconv.ParseUint(f[9], 10, 64)
		if !ok || err != nil {
			continue
		}
		out = append(out, socket{ip: ip, port: int(p), inode: inode})
	}
	return out
}

// parseProcIP decodes the kernel's address: 32-bit words, each printed as a
// host-order number, holding network-order bytes.
func parseProcIP(s string) (netip.Addr, bool) {
	raw, err := hex.DecodeString(s)
	if err != nil || len(raw) != 4 && len(raw) != 16 {
		return netip.Addr{}, false
	}
	b := make([]byte, len(raw))
	for k := 0; k < len(raw); k += 4 {
		binary.NativeEndian.PutUint32(b[k:], binary.BigEndian.Uint32(raw[k:]))
	}
	ip, ok := netip.AddrFromSlice(b)
	return ip, ok
}
