package sandbox

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// envInit marks the re-executed binary as an instance's init.
const envInit = "_WSDEPLOY_SANDBOX_INIT"

// init turns any binary that links this package (the wsdeploy CLI, test
// binaries of the gateway) into an instance's init when started by
// Command; otherwise it does nothing.
func init() {
	if os.Getenv(envInit) != "1" {
		return
	}
	os.Exit(runInit())
}

// Exit codes of init itself, when the command never ran.
const (
	exitSetup = 125 // the sandbox could not be built
	exitExec  = 127 // the command could not be started
)

func runInit() int {
	// The command and its children must not hold the channel: its end
	// closing is how the gateway learns that init is gone.
	syscall.CloseOnExec(initFD)
	buf := make([]byte, maxMessage)
	typ, payload, err := receive(buf)
	if err != nil || typ != msgConfig {
		return exitSetup
	}
	var cfg Config
	if err := json.Unmarshal(payload, &cfg); err != nil {
		send(msgSetup, []byte("bad sandbox config: "+err.Error()))
		return exitSetup
	}
	if err := build(cfg); err != nil {
		send(msgSetup, []byte(err.Error()))
		return exitSetup
	}
	if cfg.Path == "" { // Available's probe: the sandbox builds, nothing to run
		send(msgStarted, nil)
		return 0
	}
	for _, port := range cfg.ForwardPorts {
		forward(port)
	}
	// Signals are caught before the command starts, so no exit is missed.
	sigs := make(chan os.Signal, 16)
	signal.Notify(sigs, syscall.SIGCHLD, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP,
		syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2)
	devNull, _ := os.Open("/dev/null")
	p, err := os.StartProcess(cfg.Path, cfg.Args, &os.ProcAttr{
		Dir:   CodePath,
		Env:   cfg.Env,
		Files: []*os.File{devNull, os.Stdout, os.Stderr},
		// Its own group: the gateway's signals reach init alone, which
		// passes them to every process of the namespace once.
		Sys: &syscall.SysProcAttr{Setpgid: true},
	})
	if err != nil {
		send(msgExecErr, []byte(err.Error()))
		return exitExec
	}
	sendStarted()
	go serve(buf)
	return supervise(p.Pid, sigs)
}

// supervise passes signals on to the namespace's processes and reaps them;
// when the command ends, init reports how and ends too, which has the
// kernel kill whatever else still runs in the instance.
func supervise(child int, sigs chan os.Signal) int {
	for sig := range sigs {
		s := sig.(syscall.Signal)
		if s != syscall.SIGCHLD {
			syscall.Kill(-1, s) // every process of the namespace but init
			continue
		}
		for {
			var ws syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
			if err == syscall.EINTR {
				continue
			}
			if pid <= 0 {
				break
			}
			if pid != child {
				continue // an orphan adopted by init
			}
			code, sig := ws.ExitStatus(), 0
			if ws.Signaled() {
				code, sig = -1, int(ws.Signal())
			}
			send(msgExit, exitPayload(code, sig))
			if sig != 0 {
				return 128 + sig
			}
			return code
		}
	}
	return exitSetup
}

// serve answers the gateway's requests for sockets until it goes away,
// which ends the instance: nobody could reach it any more.
func serve(buf []byte) {
	for {
		typ, payload, err := receive(buf)
		if err != nil {
			syscall.Kill(-1, syscall.SIGKILL)
			os.Exit(exitSetup)
		}
		if typ == msgSockets && len(payload) == 2 {
			sendSockets(int(binary.BigEndian.Uint16(payload)))
		}
	}
}

// sendStarted reports that the command runs, with a sock_diag socket of
// the instance's network namespace: through it the gateway finds the
// server's listener by asking the kernel for that one port, where reading
// the namespace's /proc/net/tcp walks every TCP socket of the machine (tens
// of milliseconds per poll on a host with tens of thousands of them). No
// socket (a kernel without sock_diag) leaves the gateway with procfs.
func sendStarted() {
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, unix.NETLINK_SOCK_DIAG)
	if err != nil {
		send(msgStarted, nil)
		return
	}
	if err := syscall.Bind(fd, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}); err != nil {
		syscall.Close(fd)
		send(msgStarted, nil)
		return
	}
	send(msgStarted, nil, fd)
	syscall.Close(fd)
}

// sendSockets makes n unconnected TCP sockets in the instance's network
// namespace and hands them to the gateway; when it could make none, the
// answer carries the error number instead, so that dials waiting for a
// socket fail at once rather than at their deadline.
func sendSockets(n int) {
	n = min(max(n, 1), maxSocketsPerMessage)
	fds := make([]int, 0, n)
	for range n {
		fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, 0)
		if err != nil {
			if len(fds) == 0 {
				errno, _ := err.(syscall.Errno)
				send(msgSockets, binary.BigEndian.AppendUint16(nil, uint16(errno)))
				return
			}
			break
		}
		// Each write of the relay is a whole message: no Nagle delay
		// (the gateway's Dial sets no option, to save its system calls).
		_ = syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1)
		fds = append(fds, fd)
	}
	send(msgSockets, nil, fds...)
	for _, fd := range fds {
		syscall.Close(fd)
	}
}

// forward serves a host loopback port inside, on 127.0.0.1 and ::1: each
// connection goes to the gateway, which relays it to the host's port. A
// family the namespace lacks (IPv6 disabled) is skipped.
func forward(port int) {
	for _, fam := range []struct {
		host string
		tag  byte
	}{{"127.0.0.1", 4}, {"::1", 6}} {
		ln, err := net.Listen("tcp", net.JoinHostPort(fam.host, strconv.Itoa(port)))
		if err != nil {
			continue
		}
		go acceptForwarded(ln.(*net.TCPListener), fam.tag, port)
	}
}

func acceptForwarded(ln *net.TCPListener, family byte, port int) {
	head := []byte{family, byte(port >> 8), byte(port)}
	for {
		c, err := ln.AcceptTCP()
		if err != nil {
			return
		}
		if f, err := c.File(); err == nil {
			send(msgForward, head, int(f.Fd()))
			f.Close()
		}
		c.Close()
	}
}

// setupError names the step of the sandbox that failed.
func setupError(step string, err error) error { return fmt.Errorf("sandbox: %s: %w", step, err) }
