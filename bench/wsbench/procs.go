package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// target is one way to reach the echo server: directly, through the
// gateway, or through nginx.
type target struct {
	name string
	addr string // host:port
	path string
	// pids are the processes whose memory is the proxy's (for direct: the
	// echo server itself).
	pids func() []int
	// gc, when set, collects the proxy's garbage before a memory reading.
	gc func()
}

// procs are the children the harness started; stopAll ends each one, on
// every exit path.
type procs struct{ list []*exec.Cmd }

// start runs a child that dies with the harness (Pdeathsig) even when the
// harness is killed, with its output in logPath.
func (p *procs) start(logPath string, env []string, name string, args ...string) (*exec.Cmd, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	log, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, err
	}
	p.list = append(p.list, cmd)
	return cmd, nil
}

// raiseFileLimit lifts the open-file limit that every child inherits,
// where the harness may (as root): the gateway caps its connections at
// what its limit leaves after a reserve (9,000 at 20,000 files), below
// the hold test's 9,500. Every target gets the same limit.
func raiseFileLimit(n uint64) {
	lim := syscall.Rlimit{Cur: n, Max: n}
	var cur syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &cur) == nil && cur.Max < n {
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
}

// stopAll sends SIGTERM to every child, then SIGKILL to those still there
// after 15 s (the gateway stops its instances first).
func (p *procs) stopAll() {
	done := make(chan struct{})
	for _, c := range p.list {
		_ = c.Process.Signal(syscall.SIGTERM)
	}
	go func() {
		for _, c := range p.list {
			_ = c.Wait()
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		for _, c := range p.list {
			_ = c.Process.Kill()
		}
		<-done
	}
	p.list = nil
}

// freePort asks the kernel for an unused loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitListening waits until addr accepts a TCP connection.
func waitListening(addr string, timeout time.Duration) error {
	end := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(end) {
			return fmt.Errorf("nothing listens on %s after %v: %v", addr, timeout, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// startDirect runs the echo server by itself, as FC would run one instance.
func startDirect(ps *procs, dir, echoBin string) (*target, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd, err := ps.start(filepath.Join(dir, "direct.log"),
		[]string{"FC_SERVER_PORT=" + strconv.Itoa(port), "FC_INSTANCE_ID=direct"}, echoBin)
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	if err := waitListening(addr, 10*time.Second); err != nil {
		return nil, err
	}
	pid := cmd.Process.Pid
	return &target{name: "direct", addr: addr, path: "/", pids: func() []int { return []int{pid} }}, nil
}

// nginxConf is a plain WebSocket reverse proxy, as a developer would put in
// front of the echo server: HTTP/1.1 upstream, Upgrade and Connection
// passed on, read and send timeouts long enough for idle sockets. One
// worker per core, each allowed the machine's open-file cap.
const nginxConf = `worker_processes auto;
worker_rlimit_nofile 20000;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
daemon off;
events { worker_connections 19000; multi_accept on; }
http {
  access_log off;
  client_body_temp_path %[1]s/tmp;
  proxy_temp_path %[1]s/tmp;
  fastcgi_temp_path %[1]s/tmp;
  uwsgi_temp_path %[1]s/tmp;
  scgi_temp_path %[1]s/tmp;
  server {
    listen 127.0.0.1:%[2]d backlog=4096;
    location / {
      proxy_pass http://%[3]s;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $host;
      proxy_read_timeout 3600s;
      proxy_send_timeout 3600s;
    }
  }
}
`

// startNginx runs nginx in the foreground on loopback, proxying to upstream.
func startNginx(ps *procs, dir, upstream string) (*target, error) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		return nil, fmt.Errorf("nginx is not installed (bench/run.sh installs it): %w", err)
	}
	ndir := filepath.Join(dir, "nginx")
	if err := os.MkdirAll(filepath.Join(ndir, "tmp"), 0o755); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	conf := filepath.Join(ndir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(nginxConf, ndir, port, upstream)), 0o644); err != nil {
		return nil, err
	}
	cmd, err := ps.start(filepath.Join(dir, "nginx.log"), nil, bin, "-p", ndir, "-c", conf, "-e", filepath.Join(ndir, "error.log"))
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	if err := waitListening(addr, 10*time.Second); err != nil {
		return nil, err
	}
	master := cmd.Process.Pid
	return &target{name: "nginx", addr: addr, path: "/", pids: func() []int { return children(master) }}, nil
}

// children lists the processes whose parent is pid (nginx's workers).
func children(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			out = append(out, n)
		}
	}
	return out
}

// rssKB sums the resident memory of pids, from /proc/PID/status.
func rssKB(pids []int) int64 {
	var total int64
	for _, pid := range pids {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "VmRSS:") {
				f := strings.Fields(line)
				if len(f) >= 2 {
					v, _ := strconv.ParseInt(f[1], 10, 64)
					total += v
				}
			}
		}
	}
	return total
}

// openFiles counts the open descriptors of pids.
func openFiles(pids []int) int {
	n := 0
	for _, pid := range pids {
		e, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
		n += len(e)
	}
	return n
}
