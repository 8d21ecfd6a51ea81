package host

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/hashicorp/go-plugin/runner"
)

// procRunner runs a plugin for go-plugin, as its own command runner does,
// with two differences that keep the host from hanging or leaving
// orphans: the plugin leads its own process group, and Kill kills the
// group; and exited is closed once the plugin is gone and its stderr fully
// read, so that a failed call can wait for the plugin's last words.
type procRunner struct {
	cmd            *exec.Cmd
	stdout, stderr io.ReadCloser
	pid            int
	exited         chan struct{}
	once           sync.Once
}

var _ runner.Runner = (*procRunner)(nil)

// killGrace is how long Kill waits for the plugin's pipes to close before
// closing them itself (a child that left the group may hold them).
const killGrace = 2 * time.Second

func newProcRunner(cmd *exec.Cmd) (*procRunner, error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	return &procRunner{cmd: cmd, stdout: stdout, stderr: stderr, exited: make(chan struct{})}, nil
}

func (r *procRunner) Start(context.Context) error {
	if err := r.cmd.Start(); err != nil {
		return err
	}
	r.pid = r.cmd.Process.Pid
	return nil
}

// Wait is called by go-plugin once stdout and stderr are drained.
func (r *procRunner) Wait(context.Context) error {
	err := r.cmd.Wait()
	r.once.Do(func() { close(r.exited) })
	return err
}

func (r *procRunner) Kill(context.Context) error {
	if r.pid == 0 {
		return nil
	}
	err := syscall.Kill(-r.pid, syscall.SIGKILL)
	if errors.Is(err, syscall.ESRCH) {
		err = nil
	}
	go func() {
		select {
		case <-r.exited:
		case <-time.After(killGrace):
			r.stdout.Close()
			r.stderr.Close()
		}
	}()
	return err
}

func (r *procRunner) Stdout() io.ReadCloser { return r.stdout }
func (r *procRunner) Stderr() io.ReadCloser { return r.stderr }
func (r *procRunner) Name() string          { return r.cmd.Path }
func (r *procRunner) ID() string {
	if r.pid == 0 {
		return ""
	}
	return strconv.Itoa(r.pid)
}

// Diagnose is appended to go-plugin's "Unrecognized remote plugin
// message" error; open.go explains that error better, so it adds nothing.
func (r *procRunner) Diagnose(context.Context) string {
	if st, err := os.Stat(r.cmd.Path); err != nil || st.Mode().Perm()&0o111 == 0 {
		return fmt.Sprintf("%s is not an executable file", r.cmd.Path)
	}
	return ""
}

func (r *procRunner) PluginToHost(network, addr string) (string, string, error) {
	return network, addr, nil
}

func (r *procRunner) HostToPlugin(network, addr string) (string, string, error) {
	return network, addr, nil
}
