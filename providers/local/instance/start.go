package instance

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

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
	addr, err := i.waitReady(ctx)
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
	i.cmd = &exec.Cmd{
		Path:        path,
		Args:        args,
		Dir:         i.spec.CodeDir,
		Env:         env,
		Stdout:      w[0],
		Stderr:      w[1],
		SysProcAttr: sysProcAttr(),
	}
	err := i.cmd.Start()
	closeAll(w[:]) // the child has its copies
	if err != nil {
		closeAll(i.pipes[:])
		return err
	}
	i.started = time.Now()
	go i.forward(i.pipes[0], Stdout)
	go i.forward(i.pipes[1], Stderr)
	go i.supervise()
	return nil
}

func closeAll(sets ...[]*os.File) {
	for _, fs := range sets {
		for _, f := range fs {
			f.Close()
		}
	}
}
