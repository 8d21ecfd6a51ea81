package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// DetachedEnv is set in the environment of a gateway started by Start, so
// it can say how it is stopped.
const DetachedEnv = "WSDEPLOY_GATEWAY_DETACHED"

// StartOptions say how to run the gateway in the background.
type StartOptions struct {
	// Executable is the wsdeploy binary; empty means this process's own.
	Executable string
	// StateDir is the gateway's state directory (absolute).
	StateDir string
	// Args are extra `wsdeploy gateway` flags, such as --listen.
	Args []string
	// Timeout bounds the wait for the gateway to answer; default 30 s.
	Timeout time.Duration
}

// Start runs `wsdeploy gateway --state-dir DIR ARGS...` in its own session,
// with output appended to DIR/gateway.log, and waits until gateway.json
// names it and its control API accepts connections. If it exits first, the
// error carries the end of its log.
func Start(ctx context.Context, opts StartOptions) (statedir.Info, error) {
	exe := opts.Executable
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return statedir.Info{}, err
		}
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	if err := statedir.Ensure(opts.StateDir); err != nil {
		return statedir.Info{}, err
	}
	logPath := filepath.Join(opts.StateDir, statedir.LogFile)
	logFile, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return statedir.Info{}, err
	}
	defer logFile.Close()
	start, _ := logFile.Seek(0, 2)

	cmd := exec.Command(exe, append([]string{"gateway", "--state-dir", opts.StateDir}, opts.Args...)...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), DetachedEnv+"=1")
	// Its own session: a Ctrl-C in the terminal that started it must not
	// reach the gateway, and it outlives this process.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return statedir.Info{}, fmt.Errorf("cannot start the gateway: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	backoff := 5 * time.Millisecond
	for {
		// Until the child writes gateway.json, it names an older gateway
		// (perhaps a stranger now): ask only the child to prove itself.
		if info, err := statedir.ReadInfo(opts.StateDir); err == nil && info.PID == cmd.Process.Pid &&
			statedir.Verify(ctx, opts.StateDir, info) == nil {
			return info, nil
		}
		select {
		case err := <-exited:
			return statedir.Info{}, fmt.Errorf("the gateway exited before it was ready (%v):\n%s", err, logTail(logPath, start))
		case <-ctx.Done():
			cmd.Process.Signal(syscall.SIGTERM)
			return statedir.Info{}, fmt.Errorf("the gateway did not answer within %s; its log %s ends with:\n%s", opts.Timeout, logPath, logTail(logPath, start))
		case <-time.After(backoff):
			backoff = min(backoff*2, 100*time.Millisecond)
		}
	}
}

// logTail is what the gateway wrote to its log since offset start, at most
// the last 20 lines.
func logTail(path string, start int64) string {
	data, err := os.ReadFile(path)
	if err != nil || int64(len(data)) < start {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(data[start:]), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return "  " + strings.Join(lines, "\n  ")
}

// Stop sends SIGTERM to the gateway of stateDir and waits until it is gone
// (it stops its instances first). It signals only a gateway that proved it
// is that directory's (statedir.RunningContext), never the stranger a stale
// gateway.json names, and returns statedir.ErrNotRunning (a
// *statedir.StaleError for a stale file) when there is none.
func Stop(ctx context.Context, stateDir string) (statedir.Info, error) {
	info, err := statedir.RunningContext(ctx, stateDir)
	if err != nil {
		if errors.Is(err, statedir.ErrNotRunning) && !errors.As(err, new(*statedir.StaleError)) && info.PID != 0 {
			statedir.RemoveInfo(stateDir, info.PID) // its process is gone
		}
		return info, err
	}
	if err := syscall.Kill(info.PID, syscall.SIGTERM); err != nil {
		if errors.Is(err, syscall.ESRCH) {
			statedir.RemoveInfo(stateDir, info.PID)
			return info, statedir.ErrNotRunning
		}
		return info, fmt.Errorf("cannot stop the gateway (pid %d): %w", info.PID, err)
	}
	backoff := 5 * time.Millisecond
	for {
		if err := syscall.Kill(info.PID, 0); errors.Is(err, syscall.ESRCH) {
			return info, nil
		}
		// A gateway started by this process is a zombie until reaped; its
		// lock is released when it exits, which is what matters.
		if l, err := statedir.Acquire(stateDir); err == nil {
			l.Release()
			return info, nil
		}
		select {
		case <-ctx.Done():
			return info, fmt.Errorf("the gateway (pid %d) did not stop: %w", info.PID, ctx.Err())
		case <-time.After(backoff):
			backoff = min(backoff*2, 100*time.Millisecond)
		}
	}
}
