package apply

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/providers"
)

// Apply makes p match the plan. The plan must be Ready (made by plan.Make
// or MakeDestroy, or a saved one checked by plan.Resume). The Result is
// never nil; the error is an *Error when some steps failed, and the
// Result then says what was done.
func Apply(ctx context.Context, pl *plan.Plan, p providers.Provider, opts Options) (*Result, error) {
	res := &Result{Destroy: pl.Destroy, URLs: config.TriggerURLs{}}
	if !pl.Ready() {
		return res, errors.New("apply: this plan was loaded from a file and not checked: call plan.Resume with the stack and the provider first")
	}
	for _, c := range pl.Changes {
		if c.Kind == plan.KindHTTPTrigger && c.URL != "" {
			res.setURL(c, c.URL)
		}
	}
	a := &applier{pl: pl, p: p, opts: opts, res: res}
	a.run(ctx, steps(pl.Changes))
	if len(res.Failed) > 0 || len(res.Skipped) > 0 {
		return res, &Error{Failed: res.Failed, Skipped: res.Skipped}
	}
	return res, nil
}

// applier holds one apply.
type applier struct {
	pl   *plan.Plan
	p    providers.Provider
	opts Options

	mu  sync.Mutex // guards res and serializes opts.Progress
	res *Result
}

// run executes steps, each as soon as its dependencies succeeded, at most
// Parallelism at once. A step whose dependency did not succeed is skipped,
// and so, in turn, are its dependents.
func (a *applier) run(ctx context.Context, steps []*step) {
	var (
		wg    sync.WaitGroup
		sched sync.Mutex // guards pending and cause
		slots = make(chan struct{}, a.opts.parallelism())
		start func(s *step)
	)
	// settle releases s's dependents; sched is held.
	var settle func(s *step, ok bool)
	settle = func(s *step, ok bool) {
		for _, d := range s.dependents {
			if !ok && d.cause == nil {
				d.cause = s
			}
			if d.pending--; d.pending > 0 {
				continue
			}
			if d.cause != nil {
				a.skip(d, fmt.Sprintf("%s was not %s", d.cause.change.Address, past(d.cause.action)))
				settle(d, false)
			} else {
				start(d)
			}
		}
	}
	start = func(s *step) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			ok := a.do(ctx, s)
			<-slots
			sched.Lock()
			settle(s, ok)
			sched.Unlock()
		}()
	}
	sched.Lock()
	for _, s := range steps {
		if s.pending == 0 {
			start(s)
		}
	}
	sched.Unlock()
	wg.Wait()
}

// do runs one step and records its outcome.
func (a *applier) do(ctx context.Context, s *step) bool {
	if err := ctx.Err(); err != nil {
		a.skip(s, "the apply was cancelled: "+err.Error())
		return false
	}
	a.event(Event{Type: Started, Change: s.change, Action: s.action, Replace: s.replace})
	t0 := time.Now()
	ctx = providers.WithProgress(ctx, func(p providers.Progress) {
		a.event(Event{Type: Progressing, Change: s.change, Action: s.action, Replace: s.replace, Elapsed: time.Since(t0), Detail: p.What})
	})
	url, existed, err := a.exec(ctx, s)
	elapsed := time.Since(t0)

	a.mu.Lock()
	defer a.mu.Unlock()
	if err != nil {
		se := &StepError{Change: s.change, Action: s.action, Elapsed: elapsed, err: err,
			text: a.pl.Scrub(fmt.Sprintf("%s: %s: %v", s.change.Address, verb(s.action), err))}
		a.res.Failed = append(a.res.Failed, se)
		a.emit(Event{Type: Errored, Change: s.change, Action: s.action, Replace: s.replace, Elapsed: elapsed, Err: se})
		return false
	}
	a.res.Done = append(a.res.Done, Done{Change: s.change, Action: s.action, Elapsed: elapsed, Finished: t0.Add(elapsed), Existed: existed})
	var detail string
	switch {
	case existed:
		detail = ExistedDetail // not this run's: not counted
	case s.action == plan.Create:
		a.res.Added++
	case s.action == plan.Update:
		a.res.Changed++
	case s.action == plan.Delete:
		a.res.Destroyed++
	}
	if url != "" {
		a.res.setURL(s.change, url)
	}
	a.emit(Event{Type: Complete, Change: s.change, Action: s.action, Replace: s.replace, Elapsed: elapsed, Detail: detail})
	return true
}

func (a *applier) skip(s *step, reason string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.res.Skipped = append(a.res.Skipped, Skip{Change: s.change, Action: s.action, Reason: reason})
	a.emit(Event{Type: Skipped, Change: s.change, Action: s.action, Replace: s.replace, Err: errors.New(reason)})
}

func (a *applier) event(e Event) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.emit(e)
}

// emit reports e; a.mu is held, which keeps reports from overlapping.
func (a *applier) emit(e Event) {
	if a.opts.Progress != nil {
		a.opts.Progress(e)
	}
}

func (r *Result) setURL(c *plan.Change, url string) {
	if r.URLs[c.Label] == nil {
		r.URLs[c.Label] = map[string]string{}
	}
	r.URLs[c.Label][c.Trigger] = url
}
