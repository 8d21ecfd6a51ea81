package main

import (
	"sync"
	"sync/atomic"
	"time"
)

// echoResult is one echo run against one target.
type echoResult struct {
	msgs   float64 // round trips per second, all connections together
	total  int64   // round trips, warm-up included (for per-message costs)
	p50    time.Duration
	p99    time.Duration
	errors int
}

// runEcho opens conns connections and, on each, sends a size-byte binary
// message and waits for its echo, again and again (closed loop), for warm
// then d; only the round trips of d count.
func runEcho(t *target, conns, size int, warm, d time.Duration) (echoResult, error) {
	f := frame(opBinary, make([]byte, size))
	ws := make([]*wsConn, conns)
	for i := range ws {
		w, err := dialWS(t.addr, t.path, 64<<10, 10*time.Second)
		if err != nil {
			closeAll(ws)
			return echoResult{}, err
		}
		ws[i] = w
	}
	defer closeAll(ws)

	var (
		measuring atomic.Bool
		stop      atomic.Bool
		wg        sync.WaitGroup
		errs      atomic.Int64
		total     atomic.Int64
	)
	lats := make([][]time.Duration, conns)
	for i, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = w.c.SetDeadline(time.Now().Add(warm + d + 10*time.Second))
			rec := make([]time.Duration, 0, 1<<16)
			var n int64
			defer func() {
				lats[i] = rec
				total.Add(n)
			}()
			for !stop.Load() {
				t0 := time.Now()
				if err := w.roundTrip(f); err != nil {
					errs.Add(1)
					return
				}
				if measuring.Load() {
					rec = append(rec, time.Since(t0))
				}
				n++
			}
		}()
	}
	time.Sleep(warm)
	measuring.Store(true)
	start := time.Now()
	time.Sleep(d)
	measuring.Store(false)
	elapsed := time.Since(start)
	stop.Store(true)
	wg.Wait()

	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	r := echoResult{msgs: float64(len(all)) / elapsed.Seconds(), total: total.Load(), errors: int(errs.Load())}
	r.p50, r.p99 = percentile(all, 0.50), percentile(all, 0.99)
	return r, nil
}

func closeAll(ws []*wsConn) {
	for _, w := range ws {
		if w != nil {
			w.c.Close()
		}
	}
}

// runHandshakes has workers connect, echo one message and close, again
// and again, for d; it returns completed cycles per second.
func runHandshakes(t *target, workers int, d time.Duration) (float64, int) {
	f := frame(opText, []byte("hello, handshake benchmark"))
	var (
		done, errs atomic.Int64
		wg         sync.WaitGroup
	)
	end := time.Now().Add(d)
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				w, err := dialWS(t.addr, t.path, 4096, 5*time.Second)
				if err != nil {
					errs.Add(1)
					time.Sleep(10 * time.Millisecond)
					continue
				}
				_ = w.c.SetDeadline(time.Now().Add(5 * time.Second))
				if err := w.roundTrip(f); err != nil {
					errs.Add(1)
					w.c.Close()
					continue
				}
				if err := w.closeHandshake(5 * time.Second); err != nil {
					errs.Add(1)
					continue
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(done.Load()) / time.Since(start).Seconds(), int(errs.Load())
}
