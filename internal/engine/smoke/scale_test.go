package smoke

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// A stack of more functions than the account's instance limit passes its
// smoke test: checks run Parallelism(limit) at a time, each closes its
// connection when done, and an idle instance of a checked function does
// not hold the limit against the next one (the gateway, like FC, counts
// instances that process requests). Before, 5 idle instances held a
// 5-instance limit and the other 15 checks were throttled until their
// deadline.
func TestSmokeMoreFunctionsThanTheInstanceLimit(t *testing.T) {
	testtier.NeedsProcesses(t)
	const limit, functions = 5, 20
	g := startGateway(t, func(c *server.Config) { c.MaxInstances = limit })
	targets := make([]Target, functions)
	for i := range targets {
		name := fmt.Sprintf("fn%02d", i)
		g.function(name, echoExecZip)
		targets[i] = g.trigger(name, anonymousGET)
		targets[i].Smoke.Timeout = 30 * time.Second
	}
	sum, err := Run(context.Background(), targets, Options{Parallelism: Parallelism(limit)})
	if err != nil {
		t.Fatal(err)
	}
	throttled := 0
	for _, r := range sum.Results {
		if r.Outcome != OK {
			t.Errorf("%s: %s: %s (%s)", r.Function, r.Outcome, r.Reason, r.Hint)
		}
		if r.Answer != nil && r.Answer.Status == 429 {
			throttled++
		}
	}
	t.Logf("%d functions, instance limit %d, parallelism %d: %d passed; %d checks saw a 429 on the way",
		functions, limit, Parallelism(limit), sum.Count(OK), throttled)
}

// The bound derived from an account's instance limit.
func TestParallelismFromTheInstanceLimit(t *testing.T) {
	for limit, want := range map[int]int{0: DefaultParallelism, -1: DefaultParallelism, 1: 1, 2: 1, 5: 2, 100: 50, 300: 150} {
		if got := Parallelism(limit); got != want {
			t.Errorf("Parallelism(%d) = %d, want %d", limit, got, want)
		}
	}
}
