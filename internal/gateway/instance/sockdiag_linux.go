package instance

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Sizes of the sock_diag structures (linux/inet_diag.h), and TCP_LISTEN
// (include/net/tcp_states.h).
const (
	tcpListen  = 10
	diagReqLen = 56 // struct inet_diag_req_v2
	diagMsgLen = 72 // struct inet_diag_msg
)

// diagListeners asks the kernel for the TCP sockets listening on port
// (every port for 0), IPv4 and IPv6. With only TCPF_LISTEN requested and the port set in the
// request, the kernel filters its listening table itself and never walks
// established or TIME_WAIT sockets.
func diagListeners(port int) ([]socket, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, unix.NETLINK_SOCK_DIAG)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return nil, err
	}
	return diagListenersOn(fd, port)
}

// diagListenersOn is diagListeners through a bound sock_diag socket, which
// answers for the network namespace it was made in.
func diagListenersOn(fd, port int) ([]socket, error) {
	var out []socket
	buf := make([]byte, 32<<10)
	for _, family := range []uint8{unix.AF_INET, unix.AF_INET6} {
		// A socket kept for many polls may still hold the rest of a dump
		// that an error cut short: a fresh number tells it apart.
		seq := diagSeq.Add(1)
		req := diagRequest(seq, family, uint16(port))
		if err := unix.Sendto(fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
			return nil, err
		}
		var err error
		if out, err = readDiag(fd, buf, seq, out); err != nil {
			if family == unix.AF_INET6 && errors.Is(err, unix.ENOENT) {
				continue // IPv6 is off
			}
			return nil, err
		}
	}
	return out, nil
}

// diagSeq numbers the dump requests.
var diagSeq atomic.Uint32

// diagRequest builds a SOCK_DIAG_BY_FAMILY dump request for TCP listeners
// on port.
func diagRequest(seq uint32, family uint8, port uint16) []byte {
	b := make([]byte, unix.NLMSG_HDRLEN+diagReqLen)
	ne := binary.NativeEndian
	ne.PutUint32(b[0:], uint32(len(b)))
	ne.PutUint16(b[4:], unix.SOCK_DIAG_BY_FAMILY)
	ne.PutUint16(b[6:], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	ne.PutUint32(b[8:], seq)
	r := b[unix.NLMSG_HDRLEN:]
	r[0], r[1] = family, unix.IPPROTO_TCP
	ne.PutUint32(r[4:], 1<<tcpListen)
	binary.BigEndian.PutUint16(r[8:], port) // id.idiag_sport, network order
	return b
}

// readDiag reads one dump's answer into out, until NLMSG_DONE.
func readDiag(fd int, buf []byte, seq uint32, out []socket) ([]socket, error) {
	for {
		n, _, err := unix.Recvfrom(fd, buf, 0)
		if err != nil {
			return out, err
		}
		for b := buf[:n]; len(b) >= unix.NLMSG_HDRLEN; {
			ne := binary.NativeEndian
			size := int(ne.Uint32(b))
			if size < unix.NLMSG_HDRLEN || size > len(b) {
				return out, errors.New("sock_diag: truncated message")
			}
			typ, msgSeq, data := ne.Uint16(b[4:]), ne.Uint32(b[8:]), b[unix.NLMSG_HDRLEN:size]
			b = b[min(nlmAlign(size), len(b)):]
			if msgSeq != seq {
				continue
			}
			switch typ {
			case unix.NLMSG_DONE:
				return out, nil
			case unix.NLMSG_ERROR:
				if len(data) >= 4 {
					if errno := int32(ne.Uint32(data)); errno < 0 {
						return out, unix.Errno(-errno)
					}
				}
				return out, errors.New("sock_diag: error message")
			case unix.SOCK_DIAG_BY_FAMILY:
				if s, ok := parseDiagMsg(data); ok {
					out = append(out, s)
				}
			}
		}
	}
}

// nlmAlign rounds a netlink message length up to its 4-byte alignment.
func nlmAlign(n int) int { return (n + unix.NLMSG_ALIGNTO - 1) &^ (unix.NLMSG_ALIGNTO - 1) }

// parseDiagMsg decodes a struct inet_diag_msg: family, state, timer,
// retrans, then the socket id (ports and addresses in network order), and
// the inode at its end.
func parseDiagMsg(d []byte) (socket, bool) {
	if len(d) < diagMsgLen || d[1] != tcpListen {
		return socket{}, false
	}
	var ip netip.Addr
	switch d[0] {
	case unix.AF_INET:
		ip = netip.AddrFrom4([4]byte(d[8:12]))
	case unix.AF_INET6:
		ip = netip.AddrFrom16([16]byte(d[8:24]))
	default:
		return socket{}, false
	}
	return socket{ip: ip, port: int(binary.BigEndian.Uint16(d[4:6])), inode: uint64(binary.NativeEndian.Uint32(d[68:]))}, true
}
