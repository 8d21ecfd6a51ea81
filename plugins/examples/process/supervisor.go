package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// supervisor keeps the functions of one state directory running behind
// nginx. It converges on the stored records when asked (/sync), at start
// (after a reboot), and after nginx exits unexpectedly.
type supervisor struct {
	st    store
	nginx *nginx
	log   *log.Logger

	mu        sync.Mutex // one convergence at a time
	instances map[string]*instance
}

// supervise runs the supervisor until SIGTERM, SIGINT or /stop.
func supervise(dir, nginxPath string) error {
	st := store{dir: dir}
	ready := readyPipe()
	lock, err := os.OpenFile(filepath.Join(dir, "supervisor.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		ready("already running")
		return nil
	}
	nginxPath, err = findNginx(nginxPath)
	if err != nil {
		return err
	}
	logger := log.New(os.Stderr, "supervisor: ", log.LstdFlags)
	sv := &supervisor{st: st, log: logger, instances: map[string]*instance{}}
	sv.nginx = &nginx{path: nginxPath, dir: st.nginxDir(), st: st, log: logger, onExit: func() {
		if err := sv.converge(); err != nil { // starts it again
			logger.Printf("restarting nginx: %v", err)
		}
	}}

	os.Remove(st.socket())
	ln, err := net.Listen("unix", st.socket())
	if err != nil {
		return err
	}
	stop := make(chan struct{})
	var stopOnce sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("POST /sync", func(w http.ResponseWriter, r *http.Request) {
		if err := sv.converge(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	mux.HandleFunc("POST /stop", func(w http.ResponseWriter, r *http.Request) {
		sv.shutdown()
		stopOnce.Do(func() { close(stop) })
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)

	if err := sv.converge(); err != nil {
		logger.Printf("converging on the stored state: %v", err)
	}
	ready("ready")
	logger.Printf("running for %s (pid %d)", dir, os.Getpid())

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case <-sig:
		sv.shutdown()
	case <-stop:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
	os.Remove(st.socket())
	return nil
}

// readyPipe returns how to tell the plugin that started us how it went:
// a line on fd 3, when there is one.
func readyPipe() func(string) {
	f := os.NewFile(3, "ready")
	if _, err := f.Stat(); err != nil {
		return func(string) {}
	}
	return func(s string) {
		fmt.Fprintln(f, s)
		f.Close()
	}
}

// converge makes the running processes and nginx match the records.
func (sv *supervisor) converge() error {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	recs, err := sv.st.all()
	if err != nil {
		return err
	}
	want := map[string]*record{}
	for _, r := range recs {
		if r.Function.MaxInstances == nil || *r.Function.MaxInstances > 0 {
			want[r.Function.Name] = r
		}
	}
	var errs []error
	for name, inst := range sv.instances {
		if r, ok := want[name]; !ok || inst.key != instanceKey(r) {
			inst.halt()
			delete(sv.instances, name)
		}
	}
	for name, r := range want {
		if _, ok := sv.instances[name]; ok {
			continue
		}
		inst, err := startInstance(sv.st, r, sv.log)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sv.instances[name] = inst
	}
	domains, err := sv.st.allDomains()
	if err != nil {
		errs = append(errs, err)
	}
	dports, err := sv.st.ports()
	if err != nil {
		errs = append(errs, err)
	}
	ports, err := sv.nginx.apply(recs, domains, dports)
	if err != nil {
		errs = append(errs, err)
	}
	// Converged means the triggers' URLs answer (a function that is slow
	// to listen gets a 502 meanwhile, as FC answers while an instance starts).
	waitListening(ports, 15*time.Second)
	return errors.Join(errs...)
}

// shutdown stops every function and nginx.
func (sv *supervisor) shutdown() {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	for name, inst := range sv.instances {
		inst.halt()
		delete(sv.instances, name)
	}
	sv.nginx.stop()
}

// waitListening waits until each port accepts connections on loopback, or
// the deadline passes (a function that never listens is its own problem,
// reported by nginx's 502 and the function's log).
func waitListening(ports []int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for _, port := range ports {
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		for time.Now().Before(deadline) {
			c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
			if err == nil {
				c.Close()
				break
			}
			time.Sleep(50 * time.Millisecond) // polling a port another process opens
		}
	}
}
