package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

func numCPU() int { return runtime.NumCPU() }

// load is one echo scenario.
type load struct{ conns, size int }

func (l load) String() string {
	size := fmt.Sprintf("%d B", l.size)
	if l.size >= 1024 {
		size = fmt.Sprintf("%d KB", l.size/1024)
	}
	return fmt.Sprintf("%d conn × %s", l.conns, size)
}

var loads = []load{{1, 32}, {1, 16 << 10}, {50, 32}, {50, 16 << 10}}

// cell is one measurement of one target.
type cell struct {
	echoResult
	cpuPerMsg, switchesPerMsg float64 // the target's processes, per round trip
}

// rotated returns the targets in a different order each round, so that
// none always runs first or last.
func (s *suite) rotated(r int) []*target {
	n := len(s.targets)
	out := make([]*target, n)
	for i := range out {
		out[i] = s.targets[(i+r)%n]
	}
	return out
}

func (s *suite) echoSection() error {
	fmt.Fprintf(s.out, "\n== echo: closed loop, %d rounds of %v (+%v warm-up), targets interleaved ==\n", s.cfg.rounds, s.cfg.cell, s.cfg.warm)
	res := map[load]map[string][]cell{}
	for _, l := range loads {
		res[l] = map[string][]cell{}
	}
	for r := range s.cfg.rounds {
		for _, l := range loads {
			for _, t := range s.rotated(r) {
				var prof chan error
				if s.cfg.profile != "" && r == 0 && t.name == "gateway" && l == (load{50, 32}) {
					prof = s.startProfile(filepath.Join(s.cfg.profile, "gateway-echo50.pprof"), s.cfg.cell)
				}
				u0 := readUsage(t.pids())
				e, err := runEcho(t, l.conns, l.size, s.cfg.warm, s.cfg.cell)
				if err != nil {
					return fmt.Errorf("%s, %v: %w", t.name, l, err)
				}
				u := readUsage(t.pids()).sub(u0)
				if prof != nil {
					if err := <-prof; err != nil {
						fmt.Fprintln(s.out, "  profile:", err)
					}
				}
				c := cell{echoResult: e}
				if e.total > 0 {
					c.cpuPerMsg = float64(u.cpu) / float64(time.Microsecond) / float64(e.total)
					c.switchesPerMsg = float64(u.switches) / float64(e.total)
				}
				res[l][t.name] = append(res[l][t.name], c)
				fmt.Fprintf(s.out, "  round %d  %-16v %-8s %9.0f msg/s  p50 %7s  p99 %7s  cpu %5.1f µs/msg  switches %4.2f/msg  errors %d\n",
					r+1, l, t.name, e.msgs, us(e.p50), us(e.p99), c.cpuPerMsg, c.switchesPerMsg, e.errors)
			}
		}
	}
	fmt.Fprintf(s.out, "\n%-16s | %-22s | %-22s | %-22s | %-26s | %s\n", "load", "gateway/direct msg/s", "gateway/nginx msg/s", "nginx/direct msg/s", "p50 direct/gateway/nginx", "gateway added p50 [range]")
	defer s.variantLines(res)
	for _, l := range loads {
		var gd, gn, nd spread
		var addMin, addMax, addMed []time.Duration
		var p50 [3][]time.Duration
		var p99 [3][]time.Duration
		for r := range s.cfg.rounds {
			d, g, n := at(res[l]["direct"], r), at(res[l]["gateway"], r), at(res[l]["nginx"], r)
			gd = append(gd, ratio(g.msgs, d.msgs))
			gn = append(gn, ratio(g.msgs, n.msgs))
			nd = append(nd, ratio(n.msgs, d.msgs))
			addMed = append(addMed, g.p50-d.p50)
			for i, c := range []cell{d, g, n} {
				p50[i] = append(p50[i], c.p50)
				p99[i] = append(p99[i], c.p99)
			}
		}
		addMin = append(addMin, minD(addMed))
		addMax = append(addMax, maxD(addMed))
		fmt.Fprintf(s.out, "%-16v | %-22v | %-22v | %-22v | %-26s | %s [%s … %s]\n", l, gd, gn, nd,
			us(median(p50[0]))+" / "+us(median(p50[1]))+" / "+us(median(p50[2])),
			us(median(addMed)), us(addMin[0]), us(addMax[0]))
		fmt.Fprintf(s.out, "%-16s   p99 direct/gateway/nginx %s / %s / %s; cpu µs/msg %.1f / %.1f / %.1f; switches/msg %.2f / %.2f / %.2f\n", "",
			us(median(p99[0])), us(median(p99[1])), us(median(p99[2])),
			medF(res[l]["direct"], func(c cell) float64 { return c.cpuPerMsg }),
			medF(res[l]["gateway"], func(c cell) float64 { return c.cpuPerMsg }),
			medF(res[l]["nginx"], func(c cell) float64 { return c.cpuPerMsg }),
			medF(res[l]["direct"], func(c cell) float64 { return c.switchesPerMsg }),
			medF(res[l]["gateway"], func(c cell) float64 { return c.switchesPerMsg }),
			medF(res[l]["nginx"], func(c cell) float64 { return c.switchesPerMsg }))
	}
	return nil
}

func at(cs []cell, r int) cell {
	if r < len(cs) {
		return cs[r]
	}
	return cell{}
}

func atF(v []float64, r int) float64 {
	if r < len(v) {
		return v[r]
	}
	return 0
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func minD(d []time.Duration) time.Duration {
	m := d[0]
	for _, v := range d {
		m = min(m, v)
	}
	return m
}

func maxD(d []time.Duration) time.Duration {
	m := d[0]
	for _, v := range d {
		m = max(m, v)
	}
	return m
}

func medF(cs []cell, f func(cell) float64) float64 {
	var s spread
	for _, c := range cs {
		s = append(s, f(c))
	}
	if len(s) == 0 {
		return 0
	}
	d := make([]time.Duration, len(s))
	for i, v := range s {
		d[i] = time.Duration(v * 1000)
	}
	return float64(median(d)) / 1000
}

// startProfile fetches the gateway's CPU profile for d into path.
func (s *suite) startProfile(path string, d time.Duration) chan error {
	errc := make(chan error, 1)
	go func() {
		resp, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", s.pprof, max(1, int(d.Seconds()))))
		if err != nil {
			errc <- err
			return
		}
		defer resp.Body.Close()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			errc <- err
			return
		}
		f, err := os.Create(path)
		if err != nil {
			errc <- err
			return
		}
		_, err = io.Copy(f, resp.Body)
		f.Close()
		fmt.Fprintf(s.out, "  (gateway CPU profile: %s)\n", path)
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond)
	return errc
}

func (s *suite) handshakeSection() {
	fmt.Fprintf(s.out, "\n== handshakes: %d clients connect, echo once, close; %d rounds of %v, warm instances ==\n", s.cfg.workers, s.cfg.rounds, s.cfg.cell)
	rates := map[string][]float64{}
	for r := range s.cfg.rounds {
		for _, t := range s.rotated(r) {
			var prof chan error
			if s.cfg.profile != "" && r == 0 && t.name == "gateway" {
				prof = s.startProfile(filepath.Join(s.cfg.profile, "gateway-handshakes.pprof"), s.cfg.cell)
			}
			u0 := readUsage(t.pids())
			rate, errs := runHandshakes(t, s.cfg.workers, s.cfg.cell)
			u := readUsage(t.pids()).sub(u0)
			if prof != nil {
				if err := <-prof; err != nil {
					fmt.Fprintln(s.out, "  profile:", err)
				}
			}
			rates[t.name] = append(rates[t.name], rate)
			per := 0.0
			if n := rate * s.cfg.cell.Seconds(); n > 0 {
				per = float64(u.cpu) / float64(time.Microsecond) / n
			}
			fmt.Fprintf(s.out, "  round %d  %-8s %8.0f handshakes/s  cpu %6.1f µs/handshake  errors %d\n", r+1, t.name, rate, per, errs)
			time.Sleep(200 * time.Millisecond) // let closing sockets settle
		}
	}
	var gd, gn, nd spread
	for r := range s.cfg.rounds {
		d, g, n := atF(rates["direct"], r), atF(rates["gateway"], r), atF(rates["nginx"], r)
		gd, gn, nd = append(gd, ratio(g, d)), append(gn, ratio(g, n)), append(nd, ratio(n, d))
	}
	fmt.Fprintf(s.out, "handshakes/s: gateway/direct %v, gateway/nginx %v, nginx/direct %v\n", gd, gn, nd)
	for _, v := range variants {
		if len(rates[v.name]) == 0 {
			continue
		}
		var vg, vd spread
		for r := range s.cfg.rounds {
			vg = append(vg, ratio(atF(rates[v.name], r), atF(rates["gateway"], r)))
			vd = append(vd, ratio(atF(rates[v.name], r), atF(rates["direct"], r)))
		}
		fmt.Fprintf(s.out, "handshakes/s: %s (%s)/gateway %v, /direct %v\n", v.name, v.what, vg, vd)
	}
}

func (s *suite) memorySection() error {
	fmt.Fprintf(s.out, "\n== memory: %d idle connections (RSS of the proxy's processes; for direct, of the echo server) ==\n", s.cfg.idle)
	for _, t := range s.targets {
		m, err := runIdleMemory(t, s.cfg.idle, t.gc)
		if err != nil {
			fmt.Fprintf(s.out, "  %-8s failed: %v\n", t.name, err)
			continue
		}
		fmt.Fprintf(s.out, "  %-8s %6.1f KB per connection (RSS %d → %d KB), %.2f open files per connection\n",
			t.name, m.perConnKB, m.beforeKB, m.afterKB, m.fdsPer)
		time.Sleep(time.Second) // the connections' ends reach the servers
	}
	return nil
}

func (s *suite) holdSection() {
	fmt.Fprintf(s.out, "\n== hold: %d connections for %v, a ping on each every %v (answered within 5 s) ==\n", s.cfg.hold, s.cfg.holdFor, s.cfg.pingEvery)
	for _, t := range s.targets {
		h := runHold(t, s.cfg.hold, s.cfg.holdFor, s.cfg.pingEvery)
		if h.openErr != nil {
			fmt.Fprintf(s.out, "  %-8s could not open %d: %v\n", t.name, s.cfg.hold, h.openErr)
		} else {
			fmt.Fprintf(s.out, "  %-8s opened %d, held %d, errors %d (proxy RSS %d KB, %d open files)\n",
				t.name, h.opened, h.held, h.errors, h.peakKB, h.fds)
		}
		time.Sleep(2 * time.Second)
	}
}

func (s *suite) coldSection(name, when string) error {
	fmt.Fprintf(s.out, "\n== cold start %s: %d samples (%d sockets on the machine) ==\n", when, s.cfg.cold, countSockets())
	var own, gw []time.Duration
	for i := range s.cfg.cold {
		o, err := ownStart(s.echoBin)
		if err != nil {
			return fmt.Errorf("the echo server's own start: %w", err)
		}
		g, err := gatewayColdStart(s.gw, fmt.Sprintf("cold-%s-%d", name, i))
		if err != nil {
			return fmt.Errorf("cold start through the gateway: %w", err)
		}
		own, gw = append(own, o), append(gw, g)
		fmt.Fprintf(s.out, "  sample %d: own start-up %s, first byte through the gateway %s\n", i+1, us(o), us(g))
	}
	fmt.Fprintf(s.out, "cold start %s: own start-up median %s, through the gateway %s, overhead %s\n", when,
		us(median(own)), us(median(gw)), us(median(gw)-median(own)))
	return nil
}

// variants are the targets compared with the gateway in the same run.
var variants = []struct{ name, what string }{
	{"gateway-process", "instances not sandboxed"},
	{"gateway-base", "the gateway of -base"},
}

// variantLines compares each variant that ran with the gateway, direct
// and nginx, round by round.
func (s *suite) variantLines(res map[load]map[string][]cell) {
	for _, v := range variants {
		if len(res[loads[0]][v.name]) == 0 {
			continue
		}
		fmt.Fprintf(s.out, "\n%s (%s):\n", v.name, v.what)
		for _, l := range loads {
			var vd, vn, vg spread
			var added []time.Duration
			for r := range s.cfg.rounds {
				d, g, n, b := at(res[l]["direct"], r), at(res[l]["gateway"], r), at(res[l]["nginx"], r), at(res[l][v.name], r)
				vd, vn, vg = append(vd, ratio(b.msgs, d.msgs)), append(vn, ratio(b.msgs, n.msgs)), append(vg, ratio(b.msgs, g.msgs))
				added = append(added, b.p50-d.p50)
			}
			fmt.Fprintf(s.out, "%-16v | /direct %v | /nginx %v | /gateway %v | added p50 %s; cpu %.1f µs/msg, switches %.2f/msg\n",
				l, vd, vn, vg, us(median(added)),
				medF(res[l][v.name], func(c cell) float64 { return c.cpuPerMsg }),
				medF(res[l][v.name], func(c cell) float64 { return c.switchesPerMsg }))
		}
	}
}
