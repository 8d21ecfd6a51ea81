package sandbox

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
)

// Pool sizes of unconnected sockets the gateway keeps per instance: a
// handshake takes one without asking init, and the pool is topped up in
// the background when it runs low. Each pooled socket is an open file of
// the gateway's, whose limit the connections share (dataplane's connCap):
// at most about ten per instance.
const (
	poolCap    = 64
	poolLow    = 2
	poolRefill = 8
)

// Channel is the gateway's end of one instance's sandbox.
type Channel struct {
	// Join relays a connection an instance made to a forwarded host port
	// (see Config.ForwardPorts) until both directions end; set it before
	// Begin. Without it, such connections are refused.
	Join func(inner, outer net.Conn)

	cfg   Config
	conn  *net.UnixConn
	child *os.File // init's end, until the process started

	pool   chan int
	asking atomic.Bool
	// noSocket is closed, and replaced, when init answers a request for
	// sockets with none: the dials waiting for one then fail with
	// noSocketErr instead of waiting for their deadline.
	noSocketMu  sync.Mutex
	noSocket    chan struct{}
	noSocketErr error
	started     chan error // the command's start: nil, ExecError or SetupError
	exit        atomic.Pointer[exitStatus]
	closed      chan struct{}
	once        sync.Once

	diagMu sync.Mutex
	diag   int // init's sock_diag socket; -1 when none or closed
}

type exitStatus struct {
	code int
	sig  syscall.Signal
}

// ExecError is a command that init could not start, as exec reported it.
type ExecError struct{ Msg string }

func (e *ExecError) Error() string { return e.Msg }

// SetupError is a sandbox that could not be built.
type SetupError struct{ Msg string }

func (e *SetupError) Error() string { return e.Msg }

// errInitExited is init ending before it said how the start went.
var errInitExited = errors.New("the sandbox's init ended before the command started")

// Command returns the command that starts cfg's init, and the channel to
// it. The caller sets Stdout and Stderr, starts the command, puts the
// process in its cgroup, then calls Begin.
func Command(cfg Config) (*exec.Cmd, *Channel, error) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	mine, theirs := os.NewFile(uintptr(fds[0]), "sandbox"), os.NewFile(uintptr(fds[1]), "sandbox-init")
	fc, err := net.FileConn(mine)
	mine.Close()
	if err != nil {
		theirs.Close()
		return nil, nil, err
	}
	ch := &Channel{cfg: cfg, conn: fc.(*net.UnixConn), child: theirs, pool: make(chan int, poolCap),
		noSocket: make(chan struct{}), started: make(chan error, 1), closed: make(chan struct{}), diag: -1}
	cmd := &exec.Cmd{
		Path:       "/proc/self/exe",
		Args:       []string{"wsdeploy-instance", cfg.Function, cfg.InstanceID},
		Env:        []string{envInit + "=1"},
		ExtraFiles: []*os.File{theirs},
		SysProcAttr: &syscall.SysProcAttr{
			Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWNET |
				syscall.CLONE_NEWPID | syscall.CLONE_NEWUTS | syscall.CLONE_NEWIPC,
			UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}},
			// The process group lets the gateway signal init; Pdeathsig
			// ends init (and so the whole instance) if the gateway dies.
			Setpgid:   true,
			Pdeathsig: syscall.SIGKILL,
		},
	}
	return cmd, ch, nil
}

// Begin sends init its Config and waits until the command runs. Call it
// once the process started; it fails with an ExecError when the command
// could not be started, a SetupError when the sandbox could not be built.
func (c *Channel) Begin(ctx context.Context) error {
	c.child.Close() // init has its copy: its end closes when init ends
	go c.read()
	b, err := json.Marshal(c.cfg)
	if err != nil {
		return err
	}
	if _, err := c.conn.Write(append([]byte{msgConfig}, b...)); err != nil {
		return fmt.Errorf("sandbox: sending the config: %w", err)
	}
	c.ask(poolRefill)
	select {
	case err := <-c.started:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Exit is how the command ended, when init reported it.
func (c *Channel) Exit() (code int, sig syscall.Signal, ok bool) {
	if e := c.exit.Load(); e != nil {
		return e.code, e.sig, true
	}
	return 0, 0, false
}

// Done is closed once init has ended (or Close was called): Exit is final then.
func (c *Channel) Done() <-chan struct{} { return c.closed }

// Close releases the gateway's end and the sockets it holds; init, if
// still running, ends with it.
func (c *Channel) Close() {
	c.once.Do(func() {
		c.conn.Close()
		close(c.closed)
		c.diagMu.Lock()
		if c.diag >= 0 {
			syscall.Close(c.diag)
			c.diag = -1
		}
		c.diagMu.Unlock()
	})
}

// ErrNoDiag is WithDiag's answer when init sent no sock_diag socket.
var ErrNoDiag = errors.New("sandbox: no sock_diag socket of the instance's namespace")

// WithDiag runs f on a sock_diag (netlink) socket made in the instance's
// network namespace, which answers for that namespace only; one caller at
// a time.
func (c *Channel) WithDiag(f func(fd int) error) error {
	c.diagMu.Lock()
	defer c.diagMu.Unlock()
	if c.diag < 0 {
		return ErrNoDiag
	}
	return f(c.diag)
}

// read handles init's messages until its end closes.
func (c *Channel) read() {
	buf := make([]byte, 64<<10) // texts of errors are the longest
	oob := make([]byte, syscall.CmsgSpace(4*maxSocketsPerMessage))
	defer c.drain()
	for {
		n, oobn, _, _, err := c.conn.ReadMsgUnix(buf, oob)
		if err != nil || n == 0 {
			c.report(errInitExited)
			return
		}
		fds := rights(oob[:oobn])
		payload := buf[1:n]
		switch buf[0] {
		case msgStarted:
			if len(fds) == 1 {
				c.diagMu.Lock()
				if c.diag < 0 {
					c.diag, fds = fds[0], nil
				}
				c.diagMu.Unlock()
			}
			c.report(nil)
		case msgExecErr:
			c.report(&ExecError{Msg: string(payload)})
		case msgSetup:
			c.report(&SetupError{Msg: string(payload)})
		case msgExit:
			if code, sig, ok := parseExit(payload); ok {
				c.exit.Store(&exitStatus{code: code, sig: sig})
			}
		case msgSockets:
			c.asking.Store(false)
			if len(fds) == 0 {
				c.refused(payload)
			}
			for _, fd := range fds {
				select {
				case c.pool <- fd:
				default:
					syscall.Close(fd)
				}
			}
			fds = nil
		case msgForward:
			if len(payload) == 3 && len(fds) == 1 && c.Join != nil {
				go relayToHost(fds[0], payload[0], int(binary.BigEndian.Uint16(payload[1:])), c.Join)
				fds = nil
			}
		}
		for _, fd := range fds { // whatever a message carried that it should not
			syscall.Close(fd)
		}
	}
}

func (c *Channel) report(err error) {
	select {
	case c.started <- err:
	default:
	}
}

// drain closes the pooled sockets once init is gone.
func (c *Channel) drain() {
	c.Close()
	for {
		select {
		case fd := <-c.pool:
			syscall.Close(fd)
		default:
			return
		}
	}
}

// refused wakes the dials waiting for a socket, init having made none:
// payload is the error number socket(2) gave it.
func (c *Channel) refused(payload []byte) {
	err := errors.New("no socket")
	if len(payload) == 2 {
		err = syscall.Errno(binary.BigEndian.Uint16(payload))
	}
	c.noSocketMu.Lock()
	c.noSocketErr = os.NewSyscallError("socket in the instance's network namespace", err)
	close(c.noSocket)
	c.noSocket = make(chan struct{})
	c.noSocketMu.Unlock()
}

// whenRefused returns what closes when init next answers with no socket.
func (c *Channel) whenRefused() <-chan struct{} {
	c.noSocketMu.Lock()
	defer c.noSocketMu.Unlock()
	return c.noSocket
}

func (c *Channel) refusal() error {
	c.noSocketMu.Lock()
	defer c.noSocketMu.Unlock()
	return c.noSocketErr
}

// ask requests n more sockets unless a request is already on its way.
func (c *Channel) ask(n int) {
	if !c.asking.CompareAndSwap(false, true) {
		return
	}
	b := []byte{msgSockets, byte(n >> 8), byte(n)}
	if _, err := c.conn.Write(b); err != nil {
		c.asking.Store(false)
	}
}

// rights returns the descriptors an SCM_RIGHTS message carried.
func rights(oob []byte) []int {
	msgs, err := syscall.ParseSocketControlMessage(oob)
	if err != nil {
		return nil
	}
	var fds []int
	for _, m := range msgs {
		if got, err := syscall.ParseUnixRights(&m); err == nil {
			fds = append(fds, got...)
		}
	}
	return fds
}
