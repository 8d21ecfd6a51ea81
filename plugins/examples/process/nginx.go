package main

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

// findNginx is the nginx to run: the provider block's, else nginx on PATH,
// else Debian's /usr/sbin/nginx (not on a non-root user's PATH).
func findNginx(setting string) (string, error) {
	if setting != "" {
		return exec.LookPath(setting)
	}
	if p, err := exec.LookPath("nginx"); err == nil {
		return p, nil
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx", nil
	}
	return "", errors.New("nginx was not found on PATH nor at /usr/sbin/nginx: install it (Debian: apt-get install nginx-light) or set nginx = \"/path/to/nginx\" in the provider block")
}

// nginx is the supervisor's nginx: run in the foreground with a prefix
// directory of its own, so it neither needs nor touches the system's.
type nginx struct {
	path   string
	dir    string
	st     store // the custom domains' certificates and keys
	log    *log.Logger
	onExit func() // called when nginx exits without being stopped

	// proc and conf are the supervisor's (it holds its lock); the
	// goroutine that waits for the process only touches its own proc.
	proc *proc
	conf []byte // what it runs with
}

// proc is one nginx master process.
type proc struct {
	cmd      *exec.Cmd
	exited   chan struct{}
	stopping atomic.Bool // set before stop signals it
}

func (p *proc) alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

func (n *nginx) confPath() string { return filepath.Join(n.dir, "nginx.conf") }

func (n *nginx) args(extra ...string) []string {
	return append([]string{"-p", n.dir, "-c", n.confPath(), "-e", filepath.Join(n.dir, "error.log")}, extra...)
}

// apply writes the configuration for recs and domains and starts or
// reloads nginx when it changed. It returns the ports nginx should listen
// on.
func (n *nginx) apply(recs []*record, domains []*sdk.CustomDomain, dports domainPorts) ([]int, error) {
	conf, ports, err := n.render(recs, domains, dports)
	if err != nil {
		return nil, err
	}
	running := n.proc != nil && n.proc.alive()
	if running && bytes.Equal(conf, n.conf) {
		return ports, nil
	}
	if err := os.MkdirAll(filepath.Join(n.dir, "tmp"), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(n.confPath(), conf, 0o644); err != nil {
		return nil, err
	}
	if out, err := exec.Command(n.path, n.args("-t", "-q")...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("nginx refuses the configuration written to %s: %s", n.confPath(), strings.TrimSpace(string(out)))
	}
	n.conf = conf
	if running {
		return ports, n.proc.cmd.Process.Signal(syscall.SIGHUP) // reload: new listeners, old connections drain
	}
	return ports, n.start()
}

func (n *nginx) start() error {
	cmd := exec.Command(n.path, n.args("-g", "daemon off; master_process on;")...)
	logf, err := os.OpenFile(filepath.Join(n.dir, "nginx.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting nginx: %w", err)
	}
	p := &proc{cmd: cmd, exited: make(chan struct{})}
	n.proc = p
	go func() {
		err := cmd.Wait()
		close(p.exited)
		if !p.stopping.Load() {
			n.log.Printf("nginx exited (%v); starting it again", err)
			time.Sleep(backoffMin) // a restart backoff: not to spin on an nginx that dies at once
			n.onExit()
		}
	}()
	return nil
}

// stop shuts nginx down gracefully (SIGQUIT), then by force.
func (n *nginx) stop() {
	p := n.proc
	if p == nil {
		return
	}
	n.proc, n.conf = nil, nil
	p.stopping.Store(true)
	p.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-p.exited:
	case <-time.After(stopGrace):
		p.cmd.Process.Kill()
		<-p.exited
	}
}

// tempPathRE finds the temporary directories nginx was built with, which
// must move into the prefix: Debian's are under /var/lib/nginx.
var tempPathRE = regexp.MustCompile(`--http-([a-z-]+)-temp-path=`)

func (n *nginx) tempPaths() []string {
	out, _ := exec.Command(n.path, "-V").CombinedOutput()
	var dirs []string
	for _, m := range tempPathRE.FindAllStringSubmatch(string(out), -1) {
		dirs = append(dirs, strings.ReplaceAll(m[1], "-", "_"))
	}
	return dirs
}

// render is nginx's configuration: one server per trigger, on the
// trigger's loopback port, proxying (WebSocket upgrades too) to its
// function's port; then the custom domains (nginx_domains.go).
func (n *nginx) render(recs []*record, domains []*sdk.CustomDomain, dports domainPorts) ([]byte, []int, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by wsdeploy-provider-process; changes are overwritten.\nworker_processes 1;\npid %s;\n", filepath.Join(n.dir, "nginx.pid"))
	if os.Geteuid() == 0 {
		b.WriteString("user root;\n") // workers need the prefix directory, which root owns
	}
	b.WriteString("events {\n  worker_connections 1024;\n}\n\nhttp {\n  access_log off;\n")
	for _, name := range n.tempPaths() {
		fmt.Fprintf(&b, "  %s_temp_path %s;\n", name, filepath.Join(n.dir, "tmp", name))
	}
	b.WriteString("  map $http_upgrade $connection_upgrade {\n    default upgrade;\n    ''      close;\n  }\n")
	var ports []int
	for _, r := range recs {
		for _, name := range slices.Sorted(maps.Keys(r.Triggers)) {
			t := r.Triggers[name]
			ports = append(ports, t.Port)
			fmt.Fprintf(&b, "\n  # function %q, trigger %q\n  server {\n    listen 127.0.0.1:%d;\n    location / {\n", r.Function.Name, name, t.Port)
			proxy(&b, r, t.Trigger.Methods)
			b.WriteString("    }\n  }\n")
		}
	}
	if len(domains) > 0 {
		renderDomains(&b, n.st, recs, domains, dports)
		ports = append(ports, dports.HTTP, dports.HTTPS)
	}
	b.WriteString("}\n")
	return []byte(b.String()), ports, nil
}

// proxy is a location's body: only methods (all when empty), proxied to
// r's function, WebSocket upgrades too, with the function's timeout as
// nginx's idle timeouts.
func proxy(b *strings.Builder, r *record, methods []string) {
	if len(methods) > 0 {
		fmt.Fprintf(b, "      limit_except %s {\n        deny all;\n      }\n", strings.Join(methods, " "))
	}
	timeout := max(r.Function.Timeout, 1)
	fmt.Fprintf(b, "      proxy_pass http://127.0.0.1:%d;\n      proxy_http_version 1.1;\n", r.Port)
	b.WriteString("      proxy_set_header Upgrade $http_upgrade;\n      proxy_set_header Connection $connection_upgrade;\n      proxy_set_header Host $host;\n")
	fmt.Fprintf(b, "      proxy_read_timeout %ds;\n      proxy_send_timeout %ds;\n", timeout, timeout)
}
