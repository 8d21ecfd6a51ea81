package plan

import (
	"sync"
	"time"
)

// Options tune Make and MakeDestroy.
type Options struct {
	// Targets limit the plan to these functions ("function.NAME", as
	// -target writes them) and their triggers.
	Targets []string
	// Parallelism bounds the provider reads and the packaging done at
	// once; 0 means 10.
	Parallelism int
	// Environ is the environment builds inherit; nil means os.Environ().
	Environ []string
	// Progress, if set, hears of slow steps (builds, the refresh) as they
	// happen; calls never overlap.
	Progress func(Progress)
	// Now stamps the plan; nil means time.Now.
	Now func() time.Time
}

func (o Options) parallelism() int {
	if o.Parallelism > 0 {
		return o.Parallelism
	}
	return defaultParallelism
}

// ProgressKind names a step of planning.
type ProgressKind string

const (
	BuildStart   ProgressKind = "build_start"
	BuildDone    ProgressKind = "build_complete"
	RefreshStart ProgressKind = "refresh_start"
	RefreshDone  ProgressKind = "refresh_complete"
)

// Progress is one step of planning, for views.
type Progress struct {
	Kind ProgressKind
	// Address is the function whose build this is; "" for the refresh.
	Address string
	// Elapsed is set on completions.
	Elapsed time.Duration
}

// progress serializes Options.Progress, which builds and the refresh call
// from different goroutines.
type progress struct {
	mu sync.Mutex
	fn func(Progress)
}

func (p *progress) report(e Progress) {
	if p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fn(e)
}
