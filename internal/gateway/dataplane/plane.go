package dataplane

import (
	"context"
	"errors"
	"net/http"
	"net/http/httputil"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned by calls on a closed Plane.
var ErrClosed = errors.New("dataplane: the plane is closed")

// Plane serves every HTTP trigger of the local gateway.
type Plane struct {
	cfg    Config
	clock  Clock
	ids    *requestIDs
	proxy  *httputil.ReverseProxy
	total  atomic.Int64 // instances of all functions, against MaxInstances
	conns  gauge        // client connections of all triggers
	bodies bodies       // request bodies taken whole

	ctx    context.Context // ends instance starts on Close
	cancel context.CancelFunc
	wg     sync.WaitGroup // one per instance, until its process is gone

	// mu guards the maps; only the control path (Set*, Delete*, Close,
	// Stats) takes it, never a request.
	mu        sync.Mutex
	closed    bool
	functions map[string]*function
	triggers  map[string]*trigger // by URL id
}

// New returns a Plane with no triggers.
func New(cfg Config) (*Plane, error) {
	cfg, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	p := &Plane{
		cfg:       cfg,
		clock:     cfg.Clock,
		ids:       newRequestIDs(time.Now()),
		functions: map[string]*function{},
		triggers:  map[string]*trigger{},
	}
	p.conns.max = int64(cfg.Limits.MaxConnections)
	p.bodies = bodies{timeout: cfg.Limits.BodyTimeout, dir: cfg.Limits.SpoolDir}
	p.bodies.mem.max, p.bodies.spool.max = cfg.Limits.BodyMemory, cfg.Limits.BodySpool
	p.ctx, p.cancel = context.WithCancel(context.Background())
	p.proxy = newProxy()
	return p, nil
}

// Delay is the propagation delay the assembly adds to a trigger change.
func (p *Plane) Delay() time.Duration { return p.cfg.PropagationDelay }

// reserveInstance counts a new instance against MaxInstances.
func (p *Plane) reserveInstance() bool {
	for {
		n := p.total.Load()
		if n >= int64(p.cfg.MaxInstances) {
			return false
		}
		if p.total.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// functionLocked returns the named function's state, creating it.
func (p *Plane) functionLocked(name string) *function {
	f := p.functions[name]
	if f == nil {
		f = &function{p: p, name: name}
		p.functions[name] = f
	}
	return f
}

// SetFunction makes s the function's spec from at on. FC applies a
// function update at once: pass the current time; at restart too.
// Instances of the previous spec are drained once s is in effect.
func (p *Plane) SetFunction(s FunctionSpec, at time.Time) error {
	ns, key, err := s.normalized()
	if err != nil {
		return err
	}
	sp := &spec{
		FunctionSpec: ns,
		key:          key,
		unrunnable:   runsLocally(ns.Runtime),
		timeout:      time.Duration(ns.TimeoutSeconds) * time.Second,
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	f := p.functionLocked(ns.Name)
	p.mu.Unlock()
	f.setSpec(sp, at)
	return nil
}

// DeleteFunction forgets a function at once: its triggers answer 404 and
// its instances stop once their open connections end.
func (p *Plane) DeleteFunction(name string) {
	p.mu.Lock()
	f := p.functions[name]
	p.mu.Unlock()
	if f != nil {
		f.clearSpecs()
		f.clearSessions()
	}
}

// Stats returns every function's counters, sorted by name. Functions stay
// listed after deletion so that counters never go back.
func (p *Plane) Stats() []FunctionStats {
	p.mu.Lock()
	fs := make([]*function, 0, len(p.functions))
	for _, f := range p.functions {
		fs = append(fs, f)
	}
	p.mu.Unlock()
	out := make([]FunctionStats, len(fs))
	for i, f := range fs {
		out[i] = f.stats.snapshot(f.name)
		out[i].Provisioned, out[i].ProvisionTarget = f.provisionCounts()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Function < out[j].Function })
	return out
}

// Close stops serving: every listener closes, every connection is cut and
// every instance stopped (SIGTERM, then SIGKILL after StopGrace). It
// returns when no instance process is left, or when ctx ends.
func (p *Plane) Close(ctx context.Context) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	ts := make([]*trigger, 0, len(p.triggers))
	for _, t := range p.triggers {
		ts = append(ts, t)
	}
	fs := make([]*function, 0, len(p.functions))
	for _, f := range p.functions {
		fs = append(fs, f)
	}
	p.mu.Unlock()

	for _, t := range ts {
		t.close()
	}
	p.cancel() // abandons starts in progress
	for _, f := range fs {
		f.closeAll()
	}
	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		p.proxyTransport().CloseIdleConnections()
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *Plane) proxyTransport() *http.Transport { return p.proxy.Transport.(*http.Transport) }
