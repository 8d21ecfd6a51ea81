package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// The plugin talks to the supervisor over HTTP on a unix socket in the
// state directory: POST /sync (converge, answer when done) and POST /stop.

// envNginx passes the nginx executable to a supervisor the plugin starts.
const envNginx = "WSDEPLOY_PROCESS_NGINX"

// startTimeout bounds starting a supervisor (it starts nginx).
const startTimeout = 30 * time.Second

func client(st store) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", st.socket())
		},
	}}
}

// post sends one request to the supervisor; errNotRunning when none
// listens.
func post(ctx context.Context, st store, path string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://supervisor"+path, nil)
	resp, err := client(st).Do(req)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
			return errNotRunning
		}
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return errors.New(strings.TrimSpace(string(body)))
	}
	return nil
}

var errNotRunning = errors.New("no supervisor runs for this state directory")

// syncSupervisor has the supervisor converge, starting one if none runs.
func syncSupervisor(ctx context.Context, st store, nginx string) error {
	err := post(ctx, st, "/sync")
	if !errors.Is(err, errNotRunning) {
		return err
	}
	if err := startSupervisor(ctx, st, nginx); err != nil {
		return err
	}
	return post(ctx, st, "/sync")
}

// startSupervisor runs this binary as the state directory's supervisor,
// in a session of its own so that it outlives the plugin, and waits until
// it says it listens (a line on the pipe it gets as fd 3).
func startSupervisor(ctx context.Context, st store, nginx string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	return startSupervisorFrom(ctx, self, st, nginx)
}

// startSupervisorFrom is startSupervisor with the executable to run.
func startSupervisorFrom(ctx context.Context, self string, st store, nginx string) error {
	logf, err := os.OpenFile(st.supervisorLog(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	ready, readyW, err := os.Pipe()
	if err != nil {
		return err
	}
	defer ready.Close()
	cmd := exec.Command(self, "supervise", "-state-dir", st.dir)
	cmd.Env = append(pluginFreeEnv(), envNginx+"="+nginx)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.ExtraFiles = []*os.File{readyW}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	err = cmd.Start()
	readyW.Close()
	if err != nil {
		return fmt.Errorf("starting the supervisor: %w", err)
	}
	go cmd.Wait() // reap it if it exits while the plugin runs

	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(ready).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		switch strings.TrimSpace(s) {
		case "ready", "already running":
			return nil
		}
		return fmt.Errorf("the supervisor did not start; see %s", st.supervisorLog())
	case <-time.After(startTimeout):
		cmd.Process.Kill()
		return fmt.Errorf("the supervisor did not start within %s; see %s", startTimeout, st.supervisorLog())
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pluginFreeEnv is the environment without go-plugin's variables, which
// mean nothing to the supervisor and the functions.
func pluginFreeEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PLUGIN_") && !strings.HasPrefix(kv, "WSDEPLOY_PROVIDER_PLUGIN=") {
			env = append(env, kv)
		}
	}
	return env
}

// stopSupervisor stops the supervisor, its functions and nginx; nothing
// running is not an error.
func stopSupervisor(ctx context.Context, dir string) error {
	err := post(ctx, store{dir: dir}, "/stop")
	if errors.Is(err, errNotRunning) {
		return nil
	}
	return err
}
