package arguments

import (
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
)

func TestParsePlan(t *testing.T) {
	expectParsed(t, "plan", PlanFlags, ParsePlan, map[string]Plan{
		"":      {Dir: "."},
		"stack": {Dir: "stack"},
		"-provider prod -target function.a -target=function.b -out p.plan -detailed-exitcode -destroy dir": {Dir: "dir", Provider: "prod",
			Targets: []string{"function.a", "function.b"}, Out: "p.plan", DetailedExitCode: true, Destroy: true},
		// A target is a whole value: commas are not separators.
		"-target function.a,b": {Dir: ".", Targets: []string{"function.a,b"}},
	})
	expectErrors(t, "plan", PlanFlags, ParsePlan, []errorCase{
		{[]string{"plan", "a", "b"}, "plan takes one stack directory, got 2 arguments"},
		{[]string{"plan", "dir", "-destroy"}, "flag -destroy comes after an argument; put flags first: 'wsdeploy plan [options] [ARGS]'"},
		{[]string{"plan", "-out"}, "flag needs an argument: -out"},
		{[]string{"plan", "-auto-approve"}, "flag provided but not defined: -auto-approve"},
	})
}

func TestParseApply(t *testing.T) {
	defaults := Apply{ApplyRun: ApplyRun{Parallelism: 10, Smoke: SmokeOptions{Mode: smoke.ModeChanged}}}
	with := func(f func(*Apply)) Apply { a := defaults; f(&a); return a }
	expectParsed(t, "apply", ApplyFlags, parseApply, map[string]Apply{
		"":           defaults,
		"saved.plan": with(func(a *Apply) { a.PlanFile = "saved.plan" }),
		"-provider=p -target function.x -auto-approve -parallelism 3 -lock-timeout 2m -smoke all -smoke-parallelism 4": with(func(a *Apply) {
			a.Provider, a.Targets, a.AutoApprove, a.Parallelism, a.LockTimeout = "p", []string{"function.x"}, true, 3, 2*time.Minute
			a.Smoke = SmokeOptions{Mode: smoke.ModeAll, Parallelism: 4}
		}),
		"-smoke=none": with(func(a *Apply) { a.Smoke.Mode = smoke.ModeNone }),
	})
	expectErrors(t, "apply", ApplyFlags, parseApply, []errorCase{
		{[]string{"apply", "a.plan", "b.plan"}, `apply takes at most one plan file, got ["a.plan" "b.plan"]`},
		{[]string{"apply", "-smoke", "some"}, `-smoke="some": use all, changed or none`},
		{[]string{"apply", "-smoke-parallelism", "0"}, "-smoke-parallelism 0: write how many functions to smoke-test at once, 1 or more"},
		{[]string{"apply", "-lock-timeout", "soon"}, `invalid value "soon" for flag -lock-timeout`},
		{[]string{"apply", "-parallelism", "many"}, `invalid value "many" for flag -parallelism`},
		{[]string{"apply", "x.plan", "-auto-approve"}, "flag -auto-approve comes after an argument"},
	})
}

func parseApply(c *cli.Context) (*Apply, error)   { return ParseApply(c, false) }
func parseDestroy(c *cli.Context) (*Apply, error) { return ParseApply(c, true) }

func TestParseDestroy(t *testing.T) {
	expectParsed(t, "destroy", DestroyFlags, parseDestroy, map[string]Apply{
		// Destroy has nothing to smoke-test.
		"": {Destroy: true, ApplyRun: ApplyRun{Parallelism: 10, Smoke: SmokeOptions{Mode: smoke.ModeNone}}},
		"-auto-approve -target function.a -lock-timeout=1s -parallelism=2 -provider p": {Destroy: true, AutoApprove: true,
			Targets: []string{"function.a"}, Provider: "p", ApplyRun: ApplyRun{LockTimeout: time.Second, Parallelism: 2, Smoke: SmokeOptions{Mode: smoke.ModeNone}}},
	})
	expectErrors(t, "destroy", DestroyFlags, parseDestroy, []errorCase{
		{[]string{"destroy", "x.plan"}, `destroy takes no arguments, got ["x.plan"]`},
		{[]string{"destroy", "-smoke=all"}, "flag provided but not defined: -smoke"},
	})
}

func TestParseSmoke(t *testing.T) {
	expectParsed(t, "smoke", SmokeFlags, ParseSmoke, map[string]Smoke{
		"": {Smoke: SmokeOptions{Mode: smoke.ModeAll}},
		"-provider p -smoke-parallelism 2 chat echo": {Provider: "p", Only: []string{"chat", "echo"},
			Smoke: SmokeOptions{Mode: smoke.ModeAll, Parallelism: 2}},
	})
	expectErrors(t, "smoke", SmokeFlags, ParseSmoke, []errorCase{
		{[]string{"smoke", "-smoke-parallelism", "-1"}, "-smoke-parallelism -1: write how many functions"},
		{[]string{"smoke", "chat", "-provider", "p"}, "flag -provider comes after an argument"},
	})
}
