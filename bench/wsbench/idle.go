package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// openIdle opens n connections with dialers in parallel, each proven by one
// echo, and keeps them open. It stops at the first error.
func openIdle(t *target, n, dialers int) ([]*wsConn, error) {
	f := frame(opText, []byte("idle"))
	ws := make([]*wsConn, n)
	var (
		next   atomic.Int64
		wg     sync.WaitGroup
		once   sync.Once
		first  error
		failed atomic.Bool
	)
	for range dialers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || failed.Load() {
					return
				}
				w, err := dialWS(t.addr, t.path, 1024, 30*time.Second)
				if err == nil {
					_ = w.c.SetDeadline(time.Now().Add(30 * time.Second))
					if err = w.roundTrip(f); err != nil {
						w.c.Close()
					}
					_ = w.c.SetDeadline(time.Time{})
				}
				if err != nil {
					once.Do(func() { first = fmt.Errorf("connection %d of %d: %w", i+1, n, err) })
					failed.Store(true)
					return
				}
				ws[i] = w
			}
		}()
	}
	wg.Wait()
	if first != nil {
		closeAll(ws)
		return nil, first
	}
	return ws, nil
}

// memResult is the proxy's memory and descriptors per idle connection.
type memResult struct {
	perConnKB float64
	fdsPer    float64
	beforeKB  int64
	afterKB   int64
}

// runIdleMemory measures the RSS the target's proxy processes gain with n
// idle connections open. gc, when set, collects garbage in the proxy
// before each reading, so that the delta is what the connections hold.
func runIdleMemory(t *target, n int, gc func()) (memResult, error) {
	settle := func() {
		if gc != nil {
			gc() // twice: the first frees dead goroutines' stacks to the heap
			gc()
		}
		time.Sleep(time.Second)
	}
	settle()
	pids := t.pids()
	before, fdBefore := rssKB(pids), openFiles(pids)
	ws, err := openIdle(t, n, 32)
	if err != nil {
		return memResult{}, err
	}
	defer closeAll(ws)
	settle()
	pids = t.pids()
	after, fdAfter := rssKB(pids), openFiles(pids)
	return memResult{
		perConnKB: float64(after-before) / float64(n),
		fdsPer:    float64(fdAfter-fdBefore) / float64(n),
		beforeKB:  before, afterKB: after,
	}, nil
}

// holdResult is a hold test: how many connections stayed open and
// answered every ping.
type holdResult struct {
	opened, held, errors int
	openErr              error
	peakKB               int64
	fds                  int
}

// runHold opens n connections, then pings each one every `every` for
// `hold` (spread evenly over the interval), each ping answered within 5 s.
func runHold(t *target, n int, hold, every time.Duration) holdResult {
	ws, err := openIdle(t, n, 32)
	if err != nil {
		return holdResult{openErr: err}
	}
	defer closeAll(ws)
	r := holdResult{opened: n}
	var (
		wg   sync.WaitGroup
		errs atomic.Int64
	)
	start := time.Now()
	end := start.Add(hold)
	for i, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next := start.Add(every * time.Duration(i) / time.Duration(n))
			for next.Before(end) {
				time.Sleep(time.Until(next))
				if err := w.ping(time.Now().Add(5 * time.Second)); err != nil {
					errs.Add(1)
					return
				}
				next = next.Add(every)
			}
		}()
	}
	time.Sleep(hold / 2)
	pids := t.pids()
	r.peakKB, r.fds = rssKB(pids), openFiles(pids)
	wg.Wait()
	r.errors = int(errs.Load())
	r.held = n - r.errors
	return r
}
