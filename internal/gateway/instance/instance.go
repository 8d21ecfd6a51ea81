package instance

import (
	"context"
	"net"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/memcg"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/sandbox"
)

// outputDrain bounds the wait for output after the process group is gone: a
// process that left the group (setsid) may still hold the pipes.
const outputDrain = 2 * time.Second

// Instance is one running function instance.
type Instance struct {
	spec    Spec
	cmd     *exec.Cmd
	started time.Time
	readyIn time.Duration
	addr    string

	ch   *sandbox.Channel // the sandbox's init, when sandboxed
	root string           // the directory its root was mounted on
	mem  *memcg.Group     // its memory cgroup, when limited

	tail   tail
	pipes  [2]*os.File   // read ends of stdout and stderr
	pumped chan struct{} // one value per pipe read to its end

	mu     sync.Mutex // orders group signals before the reap
	reaped bool

	stopping atomic.Bool
	exit     Exit          // written before exited is closed
	exited   chan struct{} // the process group is gone
	done     chan struct{} // and its output is read
}

// Function is the instance's function name.
func (i *Instance) Function() string { return i.spec.Function }

// ID is the instance id (FC_INSTANCE_ID).
func (i *Instance) ID() string { return i.spec.InstanceID }

// Port is the port the instance's server listens on.
func (i *Instance) Port() int { return i.spec.Port }

// Sandboxed reports whether the instance runs in a sandbox.
func (i *Instance) Sandboxed() bool { return i.ch != nil }

// Addr is where the gateway reaches the instance's server, such as
// "127.0.0.1:31234" (or "[::1]:31234" for an IPv6-only wildcard listener),
// or in a sandbox "169.254.90.1:9000", an address of the instance's own
// network namespace (reached only through Dial).
func (i *Instance) Addr() string { return i.addr }

// Dial connects to the instance's server.
func (i *Instance) Dial(ctx context.Context) (net.Conn, error) { return i.dial(ctx, i.addr) }

// dial connects to addr, or through the sandbox to the server's port.
func (i *Instance) dial(ctx context.Context, addr string) (net.Conn, error) {
	if i.ch != nil {
		c, err := i.ch.Dial(ctx, i.spec.Port)
		if err != nil {
			return nil, err // not a nil *sandbox.Conn in a non-nil net.Conn
		}
		return c, nil
	}
	// No TCP keep-alive: the instance is on this machine, its death ends
	// the connection at once, and the setsockopt calls would cost a tenth
	// of a handshake's syscalls.
	d := net.Dialer{KeepAlive: -1}
	return d.DialContext(ctx, "tcp", addr)
}

// PID is the process id of the instance's leader process.
func (i *Instance) PID() int { return i.cmd.Process.Pid }

// StartedAt is when the process was launched.
func (i *Instance) StartedAt() time.Time { return i.started }

// ColdStart is how long the instance took to become ready.
func (i *Instance) ColdStart() time.Duration { return i.readyIn }

// Done is closed when the instance has ended for any reason and its output
// has been read: Stop, a crash, or a normal exit.
func (i *Instance) Done() <-chan struct{} { return i.done }

// Wait blocks until Done and reports how the process ended.
func (i *Instance) Wait() Exit {
	<-i.done
	return i.exit
}

// Tail returns the last TailLines lines the instance wrote.
func (i *Instance) Tail() []string { return i.tail.get() }

// forward copies one output stream to the sink and the tail.
func (i *Instance) forward(r *os.File, stream string) {
	readLines(r, func(t time.Time, line string) {
		i.tail.add(line)
		i.spec.Sink.Line(i.spec.Function, i.spec.InstanceID, stream, t, line)
	})
	r.Close()
	i.pumped <- struct{}{}
}

// supervise waits for the process to end, then for its output.
func (i *Instance) supervise() {
	err := i.reap()
	i.exit = exitOf(i.cmd.ProcessState, err, i.stopping.Load())
	if i.ch != nil {
		// The command's exit, which init reported before it ended.
		select {
		case <-i.ch.Done():
		case <-time.After(outputDrain):
		}
		if code, sig, ok := i.ch.Exit(); ok {
			i.exit.Code, i.exit.Signal = code, sig
		}
		i.release()
	}
	if i.mem != nil {
		if oom, _ := i.mem.OOMKilled(); oom && i.exit.Signal == syscall.SIGKILL {
			i.exit.OutOfMemory = &OutOfMemory{LimitMB: i.spec.MemoryMB, PeakBytes: i.mem.PeakBytes()}
		}
		i.mem.Close()
	}
	close(i.exited)
	t := time.NewTimer(outputDrain)
	defer t.Stop()
	for n := 0; n < len(i.pipes); {
		select {
		case <-i.pumped:
			n++
		case <-t.C:
			for _, p := range i.pipes {
				p.Close() // unblocks the reads
			}
		}
	}
	close(i.done)
}

// signal signals the process group unless it is already reaped.
func (i *Instance) signal(sig syscall.Signal) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if !i.reaped {
		signalGroup(i.cmd.Process, sig)
	}
}
