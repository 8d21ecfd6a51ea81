// Command wsbench runs the data plane benchmark of docs/BENCHMARKS.md: the
// same WebSocket load against the echo function directly, through the
// local gateway and through nginx, interleaved in one session so that the
// noise of a shared machine falls on all three alike, and prints the
// ratios. `wsbench -smoke` runs a seconds-long version that only proves
// the harness works. `wsbench gateway` is the gateway child it starts.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// config is the suite's shape; the defaults are the full run.
type config struct {
	smoke     bool
	rounds    int
	cell      time.Duration // one echo or handshake measurement
	warm      time.Duration
	workers   int // handshake workers
	idle      int // connections for the memory reading
	hold      int // connections for the hold test
	holdFor   time.Duration
	pingEvery time.Duration
	cold      int // cold start samples
	// provisioned is the runs of the on-demand against provisioned first
	// handshake.
	provisioned int
	only        string
	targets     string
	profile     string // directory for the gateway's CPU profile, or ""
	base        string // a wsbench binary of the baseline revision, or ""
	timeout     time.Duration
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "gateway" {
		if err := runGatewayChild(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "wsbench gateway:", err)
			os.Exit(1)
		}
		return
	}
	var c config
	flag.BoolVar(&c.smoke, "smoke", false, "a seconds-long run that proves the harness works (figures mean nothing)")
	flag.IntVar(&c.rounds, "rounds", 3, "interleaved rounds of the echo and handshake measurements")
	flag.DurationVar(&c.cell, "cell", 4*time.Second, "length of one measurement")
	flag.DurationVar(&c.warm, "warm", 500*time.Millisecond, "warm-up before each echo measurement")
	flag.IntVar(&c.workers, "workers", 8, "parallel clients in the handshake measurement")
	flag.IntVar(&c.idle, "idle", 5000, "idle connections for the memory reading")
	flag.IntVar(&c.hold, "hold", 9500, "connections for the hold test (0 skips it)")
	flag.DurationVar(&c.holdFor, "hold-for", 60*time.Second, "how long the hold test keeps them")
	flag.DurationVar(&c.pingEvery, "ping-every", 10*time.Second, "ping interval in the hold test")
	flag.IntVar(&c.cold, "cold", 7, "cold start samples")
	flag.IntVar(&c.provisioned, "provisioned", 9, "runs of the first handshake on demand against provisioned (0 skips it)")
	flag.StringVar(&c.only, "only", "", "run only these parts, comma-separated: echo,handshake,memory,hold,cold,provisioned")
	flag.StringVar(&c.targets, "targets", "direct,gateway,nginx,gateway-process", "the targets to measure, comma-separated: direct, gateway, nginx, gateway-process (instances not sandboxed), gateway-base (the gateway of -base; added when -base is set)")
	flag.StringVar(&c.base, "base", "", "a wsbench binary built from the baseline revision (bench/run.sh BASE=REV builds it): its gateway runs as the target gateway-base, interleaved with this one")
	flag.StringVar(&c.profile, "profile", "", "write the gateway's CPU profile of the 50-connection echo here")
	flag.DurationVar(&c.timeout, "timeout", 30*time.Minute, "bound on the whole run")
	flag.Parse()
	if c.base != "" && !strings.Contains(","+c.targets+",", ",gateway-base,") {
		c.targets += ",gateway-base"
	}
	if c.smoke {
		c.rounds, c.cell, c.warm, c.workers = 1, 300*time.Millisecond, 100*time.Millisecond, 4
		c.idle, c.hold, c.holdFor, c.pingEvery, c.cold = 100, 100, 2*time.Second, time.Second, 1
		c.provisioned = 2
		c.timeout = 3 * time.Minute
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "wsbench:", err)
		os.Exit(1)
	}
}

// suite is one run's processes and targets.
type suite struct {
	cfg     config
	dir     string
	echoBin string
	ps      procs
	targets []*target
	gw      *gatewayClient
	pprof   string // the gateway child's pprof address
	out     io.Writer
}

func run(c config) error {
	dir, err := os.MkdirTemp("", "wsbench-")
	if err != nil {
		return err
	}
	raiseFileLimit(1 << 16)
	s := &suite{cfg: c, dir: dir, out: os.Stdout}
	defer os.RemoveAll(dir)
	defer s.ps.stopAll()

	// The whole run is bounded, and a signal ends it with the same cleanup.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- s.all() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return fmt.Errorf("stopped: %w", context.Cause(ctx))
	}
}

// setUp builds the echo server and starts the three targets.
func (s *suite) setUp() error {
	s.echoBin = filepath.Join(s.dir, "bootstrap")
	build := exec.Command("go", "build", "-trimpath", "-o", s.echoBin, "./examples/echo-go/server")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("build the echo server (run from the repository root): %v\n%s", err, out)
	}
	direct, err := startDirect(&s.ps, s.dir, s.echoBin)
	if err != nil {
		return fmt.Errorf("direct: %w", err)
	}
	ngx, err := startNginx(&s.ps, s.dir, direct.addr)
	if err != nil {
		return fmt.Errorf("nginx: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	all := map[string]*target{"direct": direct, "nginx": ngx}
	// The gateway, and the variants compared with it in the same run.
	for _, v := range []struct {
		name, bin string
		args      []string
	}{
		{name: "gateway", bin: self},
		// Instances as plain processes, not sandboxed: what the sandbox costs.
		{name: "gateway-process", bin: self, args: []string{"-isolation", "process"}},
		{name: "gateway-base", bin: s.cfg.base},
	} {
		if !slices.Contains(splitComma(s.cfg.targets), v.name) {
			continue
		}
		if all[v.name], err = s.startGateway(v.name, v.bin, v.args); err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
	}
	for _, name := range []string{"direct", "gateway", "nginx", "gateway-process", "gateway-base"} {
		if t := all[name]; t != nil && slices.Contains(splitComma(s.cfg.targets), name) {
			s.targets = append(s.targets, t)
		}
	}
	// Warm every target: the gateway's first connection starts an instance.
	for _, t := range s.targets {
		if _, err := runEcho(t, 1, 32, 0, 50*time.Millisecond); err != nil {
			return fmt.Errorf("%s: first echo: %w", t.name, err)
		}
	}
	return nil
}

// startGateway runs `bin gateway` (args added to its flags) and deploys the echo function on it, 200 connections per
// instance (FC's most). The first one, "gateway", is the one profiled and
// cold-started.
func (s *suite) startGateway(name, bin string, args []string) (*target, error) {
	state := filepath.Join(s.dir, name)
	pf := filepath.Join(s.dir, name+".pprof-addr")
	cmd, err := s.ps.start(filepath.Join(s.dir, name+".log"), nil, bin, append([]string{"gateway", "-state", state, "-pprof-file", pf}, args...)...)
	if err != nil {
		return nil, err
	}
	pid := cmd.Process.Pid
	pprof, err := waitFile(pf, 30*time.Second)
	if err != nil {
		return nil, err
	}
	if err := waitGatewayInfo(state, pid, 30*time.Second); err != nil {
		return nil, err
	}
	gw, err := newGatewayClient(state, s.echoBin)
	if err != nil {
		return nil, err
	}
	addr, path, err := gw.deploy("echo", 200)
	if err != nil {
		return nil, err
	}
	if name == "gateway" {
		s.gw, s.pprof = gw, pprof
	}
	return &target{name: name, addr: addr, path: path, pids: func() []int { return []int{pid} },
		gc: func() { freeMemory(pprof) }}, nil
}

// freeMemory collects a gateway child's garbage and returns it to the
// kernel.
func freeMemory(pprof string) {
	resp, err := http.Get("http://" + pprof + "/bench/free")
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func (s *suite) wants(part string) bool {
	if s.cfg.only == "" {
		return true
	}
	for _, p := range splitComma(s.cfg.only) {
		if p == part {
			return true
		}
	}
	return false
}

func splitComma(v string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || v[i] == ',' {
			if i > start {
				out = append(out, v[start:i])
			}
			start = i + 1
		}
	}
	return out
}

func (s *suite) all() error {
	t0 := time.Now()
	if err := s.setUp(); err != nil {
		return err
	}
	s.printMachine()
	cold := s.wants("cold") && s.cfg.cold > 0 && s.gw != nil
	if cold {
		if err := s.coldSection("quiet", "before any load"); err != nil {
			return err
		}
	}
	if s.wants("provisioned") && s.cfg.provisioned > 0 && s.gw != nil {
		if err := s.provisionedSection(); err != nil {
			return err
		}
	}
	if s.wants("echo") {
		if err := s.echoSection(); err != nil {
			return err
		}
	}
	if s.wants("handshake") {
		s.handshakeSection()
	}
	// Again once thousands of closed connections wait in TIME_WAIT: the
	// gateway's readiness check lists every socket of the machine.
	if cold && s.wants("handshake") {
		if err := s.coldSection("churned", "after the handshake run"); err != nil {
			return err
		}
	}
	if s.wants("memory") {
		if err := s.memorySection(); err != nil {
			return err
		}
	}
	if s.wants("hold") && s.cfg.hold > 0 {
		s.holdSection()
	}
	fmt.Fprintf(s.out, "\nwsbench: done in %s\n", time.Since(t0).Round(time.Second))
	return nil
}

func (s *suite) printMachine() {
	host, _ := os.Hostname()
	load, _ := os.ReadFile("/proc/loadavg")
	mode := "full"
	if s.cfg.smoke {
		mode = "smoke (figures prove the harness only)"
	}
	fmt.Fprintf(s.out, "wsbench %s on %s, %s cores, load %s", mode, host, strconv.Itoa(numCPU()), load)
	for _, t := range s.targets {
		fmt.Fprintf(s.out, "  %-8s ws://%s%s (pids %v)\n", t.name, t.addr, t.path, t.pids())
	}
}
