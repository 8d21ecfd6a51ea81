package sandbox

import (
	"encoding/binary"
	"errors"
	"syscall"
)

// Messages between the gateway and init, one per SOCK_SEQPACKET packet: a
// type byte, then a payload; sockets travel as SCM_RIGHTS.
const (
	msgConfig  = 'C' // gateway → init: the Config, as JSON
	msgSockets = 'S' // gateway → init: uint16 how many; init → gateway: the sockets
	msgStarted = 'R' // init → gateway: the command runs, with a sock_diag socket of its namespace if it could make one
	msgExecErr = 'X' // init → gateway: the command could not be started (text)
	msgSetup   = 'P' // init → gateway: the sandbox could not be built (text)
	msgForward = 'F' // init → gateway: family byte (4|6), uint16 port, the accepted connection
	msgExit    = 'E' // init → gateway: int32 exit code, int32 signal of the command
)

// initFD is the channel's descriptor in init (the first of ExtraFiles).
const initFD = 3

// maxMessage bounds one packet; the Config is the largest (FC caps a
// function's environment at 4 KB, its command and args are short).
const maxMessage = 1 << 20

// maxSocketsPerMessage stays below the kernel's SCM_MAX_FD (253).
const maxSocketsPerMessage = 64

// send writes one message from init, with fds if any.
func send(typ byte, payload []byte, fds ...int) error {
	var oob []byte
	if len(fds) > 0 {
		oob = syscall.UnixRights(fds...)
	}
	return syscall.Sendmsg(initFD, append([]byte{typ}, payload...), oob, nil, 0)
}

// receive reads one message in init; io.EOF-like errors mean the gateway
// is gone.
func receive(buf []byte) (byte, []byte, error) {
	for {
		n, _, _, _, err := syscall.Recvmsg(initFD, buf, nil, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, nil, err
		}
		if n == 0 {
			return 0, nil, errGatewayGone
		}
		return buf[0], buf[1:n], nil
	}
}

var errGatewayGone = errors.New("the gateway closed the sandbox channel")

func exitPayload(code, sig int) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint32(b, uint32(int32(code)))
	binary.BigEndian.PutUint32(b[4:], uint32(int32(sig)))
	return b
}

func parseExit(b []byte) (code int, sig syscall.Signal, ok bool) {
	if len(b) != 8 {
		return 0, 0, false
	}
	return int(int32(binary.BigEndian.Uint32(b))), syscall.Signal(int32(binary.BigEndian.Uint32(b[4:]))), true
}
