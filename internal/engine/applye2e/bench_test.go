package applye2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

// bigStack declares n functions sharing one code directory, each with an
// HTTP trigger, environment and reserved concurrency.
func bigStack(n int) string {
	var b strings.Builder
	b.WriteString("stack = \"bench\"\n")
	for i := range n {
		fmt.Fprintf(&b, `
function "fn-%03d" {
  code                 = "./app"
  timeout              = 900
  instance_concurrency = 10
  max_instances        = 3
  environment          = { INDEX = "%d", REDIS_URL = "redis://cache:6379" }
  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }
}
`, i, i)
	}
	return b.String()
}

// BenchmarkPlan500 plans a deployed stack of 500 functions with triggers
// that has nothing to change: list, read triggers and concurrency,
// package, diff.
func BenchmarkPlan500(b *testing.B) {
	g := newGateway(b)
	p := g.provider(b)
	stack := newStackDir(b).load(bigStack(500))
	mustApply(b, mustPlan(b, stack, p), p)
	b.ResetTimer()
	for b.Loop() {
		pl, err := plan.Make(ctx, stack, p, plan.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if pl.HasChanges() {
			b.Fatalf("plan of a deployed stack has changes: %+v", pl.Summary())
		}
	}
}

// BenchmarkApply500 applies the creation of 500 functions with triggers
// (1,000 resources) to an empty gateway.
func BenchmarkApply500(b *testing.B) {
	sd := newStackDir(b)
	stack := sd.load(bigStack(500))
	for b.Loop() {
		b.StopTimer()
		g := newGateway(b)
		p := g.provider(b)
		pl := mustPlan(b, stack, p)
		b.StartTimer()
		res, err := apply.Apply(ctx, pl, p, apply.Options{})
		if err != nil || res.Added != 1000 {
			b.Fatalf("added %d: %v", res.Added, err)
		}
	}
}
