package applye2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/providers"
)

const fourFunctions = `
stack = "four"
function "a" {
  code = "./app"
  http_trigger "ws" {
    methods = ["GET"]
  }
}
function "b" {
  code = "./app"
  http_trigger "ws" {
    methods = ["GET"]
  }
}
function "c" {
  code = "./app"
  http_trigger "ws" {
    methods = ["GET"]
  }
}
function "d" {
  code = "./app"
  http_trigger "ws" {
    methods = ["GET"]
  }
}
`

// recorder keeps the events of an apply.
type recorder struct{ events []apply.Event }

func (r *recorder) record(e apply.Event) { r.events = append(r.events, e) }

func (r *recorder) count(typ apply.EventType) int {
	n := 0
	for _, e := range r.events {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func TestPartialFailureThenRerunFinishesWithoutDuplicates(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	stack := newStackDir(t).load(fourFunctions)
	g.setFault(func(r *http.Request, body []byte) *fault {
		switch action := r.Header.Get("x-acs-action"); {
		case action == "CreateFunction" && bytes.Contains(body, []byte(`"functionName":"b"`)):
			return &fault{status: http.StatusBadRequest} // refused: not retried
		case action == "CreateTrigger" && strings.Contains(r.URL.Path, "/functions/c/"):
			return &fault{status: http.StatusServiceUnavailable} // retried until the provider gives up
		}
		return nil
	})

	var rec recorder
	res, err := apply.Apply(ctx, mustPlan(t, stack, p), p, apply.Options{Progress: rec.record})
	var applyErr *apply.Error
	if !errors.As(err, &applyErr) {
		t.Fatalf("err = %v, want *apply.Error", err)
	}
	var failed, skipped []string
	for _, f := range res.Failed {
		failed = append(failed, f.Change.Address)
	}
	for _, s := range res.Skipped {
		skipped = append(skipped, s.Change.Address+": "+s.Reason)
	}
	slices.Sort(failed)
	if !reflect.DeepEqual(failed, []string{"function.b", "function.c.http_trigger.ws"}) ||
		!reflect.DeepEqual(skipped, []string{"function.b.http_trigger.ws: function.b was not created"}) {
		t.Errorf("failed %v, skipped %v", failed, skipped)
	}
	if res.Added != 5 {
		t.Errorf("added %d, want 5 (a, a.ws, c, d, d.ws)", res.Added)
	}
	if !strings.Contains(err.Error(), "InvalidArgument") || !strings.Contains(err.Error(), "apply again") {
		t.Errorf("error text: %v", err)
	}
	if s, c, e, k := rec.count(apply.Started), rec.count(apply.Complete), rec.count(apply.Errored), rec.count(apply.Skipped); s != c+e || c != 5 || e != 2 || k != 1 {
		t.Errorf("events: %d started, %d complete, %d errored, %d skipped", s, c, e, k)
	}

	// The next plan is exactly the rest; applying it finishes.
	g.setFault(nil)
	pl := mustPlan(t, stack, p)
	want := map[string]plan.Action{"function.b": plan.Create, "function.b.http_trigger.ws": plan.Create, "function.c.http_trigger.ws": plan.Create}
	if got := actions(pl); !reflect.DeepEqual(got, want) {
		t.Fatalf("the re-run plans %v, want %v", got, want)
	}
	mustApply(t, pl, p)
	assertDeployedOnce(t, g, stack)
}

// assertDeployedOnce checks that the gateway holds exactly the stack's
// functions and triggers, that each was created by exactly one successful
// call (nothing was created twice, or deleted and created again), and
// that the next plan is empty.
func assertDeployedOnce(t *testing.T, g *gateway, stack *config.Stack) {
	t.Helper()
	want := map[string][]string{}
	triggers := 0
	for _, f := range stack.Functions {
		names := []string{}
		for _, tr := range f.Triggers {
			names = append(names, tr.Name)
		}
		want[f.Name] = names
		triggers += len(names)
	}
	if got := g.functions(t); !reflect.DeepEqual(got, want) {
		t.Errorf("gateway holds %v, want %v", got, want)
	}
	_, fnCreated, _ := g.counts("CreateFunction")
	_, trCreated, _ := g.counts("CreateTrigger")
	_, fnDeleted, _ := g.counts("DeleteFunction")
	if fnCreated != len(stack.Functions) || trCreated != triggers || fnDeleted != 0 {
		t.Errorf("%d functions and %d triggers created, %d deleted; want %d, %d and 0", fnCreated, trCreated, fnDeleted, len(stack.Functions), triggers)
	}
	p := g.provider(t)
	if again := mustPlan(t, stack, p); again.HasChanges() {
		t.Errorf("plan is not empty:\n%s", describe(again))
	}
}

// Control API calls fail 30% of the time (429, 500, 503; a third of them
// after the gateway did the work): plan and apply, repeated as a user or CI
// would, converge, and nothing exists twice.
func TestConvergesUnderThirtyPercentFaults(t *testing.T) {
	var src strings.Builder
	src.WriteString("stack = \"faults\"\n")
	for i := range 20 {
		fmt.Fprintf(&src, `
function "fn-%02d" {
  code          = "./app"
  max_instances = %d
  environment   = { N = "%d" }
  http_trigger "ws" {
    methods = ["GET", "POST"]
  }
}
`, i, i%3+1, i)
	}
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			g := newGateway(t)
			p := g.provider(t)
			stack := newStackDir(t).load(src.String())
			g.setFault(randomFaults(seed, 0.3))
			rounds := convergeWithRetries(t, stack, p, 10)
			g.setFault(nil)
			assertDeployedOnce(t, g, stack)
			t.Logf("converged in %d rounds", rounds)
		})
	}
}

// convergeWithRetries plans and applies until a plan is empty, tolerating
// failed plans and applies, at most max rounds.
func convergeWithRetries(t *testing.T, stack *config.Stack, p providers.Provider, max int) int {
	t.Helper()
	for round := 1; round <= max; round++ {
		pl, err := plan.Make(ctx, stack, p, plan.Options{})
		if err != nil {
			continue
		}
		if !pl.HasChanges() {
			return round
		}
		apply.Apply(ctx, pl, p, apply.Options{})
	}
	t.Fatalf("no empty plan after %d rounds", max)
	return 0
}

// At most Parallelism operations run at once, and that many do.
func TestParallelismBoundsConcurrentCalls(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	var src strings.Builder
	src.WriteString("stack = \"par\"\n")
	for i := range 12 {
		fmt.Fprintf(&src, "function \"f%d\" { code = \"./app\" }\n", i)
	}
	stack := newStackDir(t).load(src.String())
	const limit = 3
	var (
		mu       sync.Mutex
		inflight int
		peak     int
		full     = make(chan struct{})
		once     sync.Once
	)
	g.setFault(func(r *http.Request, _ []byte) *fault {
		if r.Header.Get("x-acs-action") != "CreateFunction" {
			return nil
		}
		mu.Lock()
		inflight++
		peak = max(peak, inflight)
		if inflight == limit {
			once.Do(func() { close(full) }) // the first calls wait until the limit is reached
		}
		mu.Unlock()
		select {
		case <-full:
		case <-time.After(10 * time.Second): // a guard, not a wait: fails below
		}
		mu.Lock()
		inflight--
		mu.Unlock()
		return nil
	})
	pl := mustPlan(t, stack, p)
	if _, err := apply.Apply(ctx, pl, p, apply.Options{Parallelism: limit}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-full:
	default:
		t.Fatalf("never %d calls at once (peak %d)", limit, peak)
	}
	if peak != limit {
		t.Errorf("peak of %d concurrent creates, want %d", peak, limit)
	}
}

// An apply cancelled midway (Ctrl-C, a CI timeout) stops starting steps,
// says what it did not attempt, and the next apply finishes the rest.
func TestCancelledApplyResumes(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	stack := newStackDir(t).load(fourFunctions)
	actx, cancel := context.WithCancel(ctx)
	var once sync.Once
	g.setFault(func(r *http.Request, _ []byte) *fault {
		if r.Header.Get("x-acs-action") == "CreateTrigger" {
			once.Do(cancel) // the first trigger is still created
		}
		return nil
	})
	res, err := apply.Apply(actx, mustPlan(t, stack, p), p, apply.Options{Parallelism: 1})
	if err == nil || len(res.Skipped) == 0 {
		t.Fatalf("a cancelled apply: %v, %d skipped", err, len(res.Skipped))
	}
	for _, s := range res.Skipped {
		if !strings.Contains(s.Reason, "cancelled") && !strings.Contains(s.Reason, "was not") {
			t.Errorf("%s skipped because %q", s.Change.Address, s.Reason)
		}
	}
	g.setFault(nil)
	pl := mustPlan(t, stack, p)
	// What was done is not planned again; a step cut short by the
	// cancellation may or may not have taken effect.
	left := 8 - res.Added
	if s := pl.Summary(); s.Add > left || s.Add < left-len(res.Failed) || s.Change != 0 || s.Destroy != 0 {
		t.Errorf("after %d added and %d cut short, the next plan is %+v", res.Added, len(res.Failed), s)
	}
	mustApply(t, pl, p)
	assertDeployedOnce(t, g, stack)
}
