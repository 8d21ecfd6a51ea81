package main

import (
	"encoding/json"
	"fmt"
	"log"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"time"
)

// instance is one function's process, restarted when it exits.
type instance struct {
	key  string // what it runs; a different key means a restart
	stop chan struct{}
	done chan struct{}
}

// instanceKey is everything about a record that the process depends on.
func instanceKey(r *record) string {
	f := r.Function
	b, _ := json.Marshal([]any{f.CodeChecksum, f.Command, f.Args, f.Environment, f.MemorySize, r.Port})
	return string(b)
}

// Restart backoff: a function that keeps crashing is retried ever more
// slowly; one that ran a while starts over fast.
const (
	backoffMin  = 500 * time.Millisecond
	backoffMax  = 10 * time.Second
	healthyRun  = 10 * time.Second
	stopGrace   = 5 * time.Second
	defaultProg = "./bootstrap" // FC's custom runtime runs this without a command
)

func startInstance(st store, r *record, logger *log.Logger) (*instance, error) {
	f := r.Function
	dir := st.runDir(f.Name, f.CodeChecksum)
	if err := unpack(st.codePath(f.Name, f.CodeChecksum), dir); err != nil {
		return nil, fmt.Errorf("function %q: unpacking its code: %w", f.Name, err)
	}
	if err := os.MkdirAll(filepath.Dir(st.logPath(f.Name)), 0o755); err != nil {
		return nil, err
	}
	inst := &instance{key: instanceKey(r), stop: make(chan struct{}), done: make(chan struct{})}
	go inst.run(st, r, dir, logger)
	return inst, nil
}

// run starts the process and starts it again whenever it exits, until
// halted.
func (i *instance) run(st store, r *record, dir string, logger *log.Logger) {
	defer close(i.done)
	name := r.Function.Name
	backoff := backoffMin
	for {
		started := time.Now()
		cmd, err := i.command(st, r, dir)
		if err == nil {
			err = cmd.Start()
		}
		exited := make(chan error, 1)
		if err == nil {
			go func() { exited <- cmd.Wait() }()
		} else {
			exited <- err
		}
		select {
		case <-i.stop:
			if cmd.Process != nil {
				terminate(cmd.Process.Pid, exited)
			}
			return
		case err := <-exited:
			if time.Since(started) > healthyRun {
				backoff = backoffMin
			}
			logger.Printf("function %q exited (%v); restarting in %s", name, err, backoff)
		}
		select {
		case <-i.stop:
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, backoffMax)
	}
}

// command is the function's process: its command in its code directory,
// with FC's environment, in a process group of its own.
func (i *instance) command(st store, r *record, dir string) (*exec.Cmd, error) {
	f := r.Function
	argv := append(slices.Clone(f.Command), f.Args...)
	if len(f.Command) == 0 {
		argv = append([]string{defaultProg}, f.Args...)
	}
	prog := argv[0]
	if !filepath.IsAbs(prog) && filepath.Base(prog) != prog {
		prog = filepath.Join(dir, prog) // ./bootstrap is relative to the code
	}
	logf, err := os.OpenFile(st.logPath(f.Name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(prog, argv[1:]...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = pluginFreeEnv()
	for _, k := range slices.Sorted(maps.Keys(f.Environment)) {
		cmd.Env = append(cmd.Env, k+"="+f.Environment[k])
	}
	cmd.Env = append(cmd.Env,
		"FC_SERVER_PORT="+strconv.Itoa(r.Port),
		"FC_FUNCTION_NAME="+f.Name,
		"FC_FUNCTION_MEMORY_SIZE="+strconv.Itoa(f.MemorySize),
		"FC_INSTANCE_ID=process-"+strconv.Itoa(r.Port))
	return cmd, nil
}

// terminate asks the process group to stop, then kills it.
func terminate(pid int, exited <-chan error) {
	syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(stopGrace):
		syscall.Kill(-pid, syscall.SIGKILL)
		<-exited
	}
	syscall.Kill(-pid, syscall.SIGKILL) // what the function left behind
}

// halt stops the instance and waits until its process is gone.
func (i *instance) halt() {
	close(i.stop)
	<-i.done
}
