package dataplane

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// run starts the instance, serves its queue, and watches it until its
// process is gone: one goroutine per instance, none per connection.
func (f *function) run(in *inst) {
	p := f.p
	defer p.wg.Done()
	proc, err := f.start(in)
	if err == nil {
		in.proc = proc // the Initializer reaches the instance through it
		if err = in.initialize(); err != nil {
			in.proc = nil // before ready: nothing else has seen it
			proc.Stop(p.cfg.StopGrace)
			err = fmt.Errorf("its Initializer %w", err)
		}
	}
	if err != nil {
		in.err = err
		// Before ready: the requests that waited log their answer after it.
		p.functionLog(f.name, in.id, "instance failed to start: "+err.Error())
		f.gone(in)
		close(in.ready)
		p.cfg.Logger.Warn("instance failed to start", "function", f.name, "instance", in.id, "err", err)
		p.cfg.Events(InstanceEvent{Kind: InstanceStartFailed, Function: f.name, InstanceID: in.id, At: p.clock.Now(), Err: err})
		return
	}
	in.proc = proc
	in.idleSince.Store(p.clock.Now().UnixNano())
	f.stats.coldStart(proc.ColdStart())
	close(in.ready)
	p.cfg.Logger.Info("instance started", "function", f.name, "instance", in.id, "addr", proc.Addr(), "cold_start", proc.ColdStart())
	p.cfg.Events(InstanceEvent{Kind: InstanceStarted, Function: f.name, InstanceID: in.id, At: p.clock.Now(), ColdStart: proc.ColdStart(), Provisioned: in.provisioned.Load()})

	exit := proc.Wait()
	ended := "instance " + in.id + " ended: " + exit.String()
	if !exit.Stopped || exit.OutOfMemory != nil {
		// A crash, an exit of its own, or the kernel's kill for memory:
		// often without a word to its output, so only the gateway can tell
		// the user (wsdeploy logs) why the clients got 1006.
		p.functionLog(f.name, in.id, ended)
	}
	f.gone(in)
	in.finishTunnels(ended)
	in.forget()
	in.mu.Lock()
	reason := in.reason
	in.mu.Unlock()
	ev := InstanceEvent{Function: f.name, InstanceID: in.id, At: p.clock.Now(), Exit: exit, Reason: reason}
	if exit.Stopped {
		ev.Kind = InstanceStopped
		p.cfg.Logger.Info("instance stopped", "function", f.name, "instance", in.id, "reason", reason)
	} else {
		ev.Kind = InstanceCrashed
		f.stats.crashes.Add(1)
		p.cfg.Logger.Warn("instance crashed", "function", f.name, "instance", in.id, "exit", exit.String(), slog.Any("tail", proc.Tail()))
	}
	p.cfg.Events(ev)
}

// start launches the process on a free port.
func (f *function) start(in *inst) (*instance.Instance, error) {
	spec, err := f.p.instanceSpec(in.spec, in.id)
	if err != nil {
		return nil, err
	}
	in.creds.issue(in.spec, f.p.clock.Now())
	spec.Env = in.creds.current(f.p.clock.Now()).environ(spec.Env)
	return instance.Start(f.p.ctx, spec)
}

// instanceSpec is what an instance of s runs as: in a sandbox on the
// function's port, or as a process on a free loopback port.
func (p *Plane) instanceSpec(s *spec, id string) (instance.Spec, error) {
	var box *instance.Sandboxing
	port := cmp.Or(s.Port, fcspec.DefaultPort)
	if p.cfg.Sandboxed {
		box = &instance.Sandboxing{DiskMB: s.DiskMB, Hide: p.cfg.Hide, Memory: p.cfg.Memory, Join: relay}
	} else {
		var err error
		if port, err = instance.FreePort(); err != nil {
			return instance.Spec{}, fmt.Errorf("function %q: no free port for a new instance: %w", s.Name, err)
		}
	}
	return instance.Spec{
		Sandbox:        box,
		Function:       s.Name,
		InstanceID:     id,
		CodeDir:        s.CodeDir,
		Command:        s.Command,
		Args:           s.Args,
		Port:           port,
		Env:            s.Env,
		Region:         p.cfg.Region,
		AccountID:      p.cfg.AccountID,
		Handler:        s.Handler,
		Runtime:        s.Runtime,
		MemoryMB:       s.MemoryMB,
		TimeoutSeconds: s.TimeoutSeconds,
		HealthCheck:    s.HealthCheck,
		ReadyTimeout:   p.cfg.ReadyTimeout,
		Sink:           p.cfg.LogSink,
	}, nil
}

// CheckStart reports whether an instance of fs could be started, without
// starting one: its command or bootstrap must exist in its code and be
// executable. It returns nil for what the gateway does not run (container
// and built-in runtimes), and an error that StartFailureCode reads
// otherwise.
func (p *Plane) CheckStart(fs FunctionSpec) error {
	ns, _, err := fs.normalized()
	if err != nil {
		return err
	}
	if runsLocally(ns.Runtime) != "" {
		return nil
	}
	spec, err := p.instanceSpec(&spec{FunctionSpec: ns}, instance.NewInstanceID())
	if err != nil {
		return err
	}
	return instance.Check(spec)
}

// gone takes an ended instance out of placement and the counts.
func (f *function) gone(in *inst) {
	in.dead.Store(true)
	in.idle.Stop()
	f.remove(in)
	f.stats.instances.Add(-1)
	if in.takePlace() { // else a new instance already took its place
		f.p.total.Add(-1)
	}
	close(in.ended)
	if in.provisioned.Load() {
		f.replaceProvisioned(in)
	}
}

// startFailureMessages are the client's messages of FC's start failures.
var startFailureMessages = map[fcspec.Code]string{
	fcspec.CodeCAFileNotFound:   "The function's command or bootstrap was not found; the function's log (wsdeploy logs) says more",
	fcspec.CodeCAFilePermission: "The function's command or bootstrap is not executable; the function's log (wsdeploy logs) says more",
	fcspec.CodeCAExited:         "The function's process exited before it listened on its port; its output is in the function's log (wsdeploy logs)",
}

// startFailure is the answer to the requests that waited for in's start,
// which failed. The reason (exec errors, paths, the tail of the output)
// went to the function's log; the client gets FC's message, or the
// loopback refusal, which is the gateway's own words and tells what to fix.
func startFailure(in *inst) *Failure {
	var he *HookError
	if errors.As(in.err, &he) {
		return initFailure(in)
	}
	fl := failFunction(in, fcspec.CodeFunctionNotStarted, "instance %s failed to start (see its line above)", in.id)
	if code := instance.StartFailureCode(in.err); code != "" {
		// FC's answer for a custom runtime that could not start.
		fl.Status, fl.Code, fl.Message = code.TriggerStatus(), code, startFailureMessages[code]
		var fe *instance.FileError
		if errors.As(in.err, &fe) && in.f.p.cfg.Sandboxed {
			// Inside a sandbox the path is the instance's own (/code/...),
			// nothing of the host's: it tells the user what to fix.
			fl.Message += ": " + fe.Error()
		}
		return fl
	}
	var le *instance.LoopbackError
	switch {
	case errors.As(in.err, &le):
		fl.Message = le.Error()
	case in.spec.Port != 0 && !in.f.p.cfg.Sandboxed:
		fl.Detail += fmt.Sprintf("; if the server listens on its configured port %d: the local gateway gives each instance its own port in FC_SERVER_PORT, so listen on $FC_SERVER_PORT", in.spec.Port)
	}
	return fl
}
