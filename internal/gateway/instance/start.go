package instance

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/sandbox"
)

// Check reports, without starting anything, whether spec's command or
// bootstrap can be run: the checks Start makes before it launches the
// process (a *FileError, or the spec's own error). The control API uses it
// to report a function whose code cannot start as Failed, with the reason.
func Check(spec Spec) error {
	s, err := spec.normalized()
	if err != nil {
		return err
	}
	_, _, err = argv(s, environ(s))
	return err
}

// Start launches an instance and returns once it is ready (see the package
// doc). ctx bounds only the start; a started instance runs until Stop or
// until it ends by itself. On failure nothing of the process is left.
func Start(ctx context.Context, spec Spec) (*Instance, error) {
	s, err := spec.normalized()
	if err != nil {
		return nil, err
	}
	env := environ(s)
	path, args, err := argv(s, env)
	if err != nil {
		return nil, err
	}
	i := &Instance{
		spec:   s,
		pumped: make(chan struct{}, 2),
		exited: make(chan struct{}),
		done:   make(chan struct{}),
	}
	if err := i.launch(path, args, env); err != nil {
		return nil, fmt.Errorf("function %q: starting %s: %w", s.Function, path, err)
	}
	addr, err := i.begin(ctx, path)
	if err == nil {
		addr, err = i.waitReady(ctx)
	}
	if err != nil {
		i.signal(syscall.SIGKILL)
		<-i.done
		return nil, &StartError{Function: s.Function, InstanceID: s.InstanceID, Err: err, Tail: i.tail.get()}
	}
	i.addr = addr
	i.readyIn = time.Since(i.started)
	return i, nil
}

// launch starts the process with its output on two pipes and the
// goroutines that watch it.
func (i *Instance) launch(path string, args, env []string) error {
	var w [2]*os.File
	for k := range i.pipes {
		r, wr, err := os.Pipe()
		if err != nil {
			closeAll(i.pipes[:k], w[:k])
			return err
		}
		i.pipes[k], w[k] = r, wr
	}
	cmd, err := i.command(path, args, env)
	if err != nil {
		closeAll(i.pipes[:], w[:])
		return err
	}
	cmd.Stdout, cmd.Stderr = w[0], w[1]
	i.cmd = cmd
	err = cmd.Start()
	closeAll(w[:]) // the child has its copies
	if err != nil {
		closeAll(i.pipes[:])
		i.release()
		return err
	}
	i.started = time.Now()
	go i.forward(i.pipes[0], Stdout)
	go i.forward(i.pipes[1], Stderr)
	go i.supervise()
	return nil
}

// command is the process to start: the function's command itself, or in
// a sandbox the init that builds it and then runs the command.
func (i *Instance) command(path string, args, env []string) (*exec.Cmd, error) {
	if i.spec.Sandbox == nil {
		return &exec.Cmd{Path: path, Args: args, Dir: i.spec.CodeDir, Env: env, SysProcAttr: sysProcAttr()}, nil
	}
	root, err := os.MkdirTemp("", "wsdeploy-root-")
	if err != nil {
		return nil, err
	}
	i.root = root
	cmd, ch, err := sandbox.Command(sandboxConfig(i.spec, path, args, env, root))
	if err != nil {
		i.release()
		return nil, err
	}
	ch.Join = i.spec.Sandbox.Join
	i.ch = ch
	return cmd, nil
}

// begin has a sandbox's init start the command; an exec failure is
// reported at once, as FC reports a bootstrap it cannot run.
func (i *Instance) begin(ctx context.Context, path string) (string, error) {
	if i.ch == nil {
		return "", nil
	}
	// The cgroup first: init starts nothing before it has its Config.
	if mc := i.spec.Sandbox.Memory; mc != nil {
		g, err := mc.New(i.spec.InstanceID, int64(i.spec.MemoryMB)<<20)
		if err == nil {
			if err = g.Add(i.cmd.Process.Pid); err != nil {
				g.Close()
			}
		}
		if err != nil {
			return "", fmt.Errorf("function %q: limiting its memory: %w", i.spec.Function, err)
		}
		i.mem = g
	}
	err := i.ch.Begin(ctx)
	var ee *sandbox.ExecError
	if errors.As(err, &ee) {
		return "", fmt.Errorf("function %q: command %q could not be started: %w", i.spec.Function, path, err)
	}
	return "", err
}

// release frees what a sandbox held outside the process: the channel and
// the empty directory its root was mounted on.
func (i *Instance) release() {
	if i.ch != nil {
		i.ch.Close()
	}
	if i.root != "" {
		os.Remove(i.root)
	}
}

func closeAll(sets ...[]*os.File) {
	for _, fs := range sets {
		for _, f := range fs {
			f.Close()
		}
	}
}
