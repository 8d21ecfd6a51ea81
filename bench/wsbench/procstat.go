package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// usage is what the kernel counted for a set of processes: CPU time and
// context switches (each a wake-up or a preemption), summed over threads.
type usage struct {
	cpu      time.Duration
	switches int64
}

// clockTick is USER_HZ, 100 on Linux.
const clockTick = 10 * time.Millisecond

func readUsage(pids []int) usage {
	var u usage
	for _, pid := range pids {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
			s := string(b)
			f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
			if len(f) > 12 { // utime and stime are fields 14 and 15
				ut, _ := strconv.ParseInt(f[11], 10, 64)
				st, _ := strconv.ParseInt(f[12], 10, 64)
				u.cpu += time.Duration(ut+st) * clockTick
			}
		}
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", pid))
		for _, t := range tasks {
			b, err := os.ReadFile(t)
			if err != nil {
				continue
			}
			for _, line := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(line, "voluntary_ctxt_switches:") || strings.HasPrefix(line, "nonvoluntary_ctxt_switches:") {
					f := strings.Fields(line)
					v, _ := strconv.ParseInt(f[len(f)-1], 10, 64)
					u.switches += v
				}
			}
		}
	}
	return u
}

func (u usage) sub(v usage) usage {
	return usage{cpu: u.cpu - v.cpu, switches: u.switches - v.switches}
}

// percentile of an unsorted sample (sorted in place).
func percentile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[min(int(q*float64(len(d))), len(d)-1)]
}

// spread is a ratio over rounds: its median and range.
type spread []float64

func (s spread) String() string {
	if len(s) == 0 {
		return "-"
	}
	c := append(spread(nil), s...)
	sort.Float64s(c)
	med := c[len(c)/2]
	if len(c)%2 == 0 {
		med = (c[len(c)/2-1] + c[len(c)/2]) / 2
	}
	if len(c) == 1 {
		return fmt.Sprintf("%.2f", med)
	}
	return fmt.Sprintf("%.2f [%.2f–%.2f]", med, c[0], c[len(c)-1])
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	c := append([]time.Duration(nil), d...)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	return c[len(c)/2]
}

func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond)) }
