package config

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/config/scaletest"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

func loadScale(tb testing.TB, dir string, n int) *Stack {
	tb.Helper()
	st, diags := Load(dir, Options{Environ: []string{}, ProviderSchemas: testSchemas})
	if diags.HasErrors() || len(st.Functions) != n {
		tb.Fatalf("%d functions loaded of %d:\n%s", len(st.Functions), n, listDiags(diags))
	}
	return st
}

// BenchmarkValidate loads and validates stacks of 1,000 to 10,000
// functions (docs/BENCHMARKS.md).
func BenchmarkValidate(b *testing.B) {
	for _, n := range []int{1000, 5000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := scaletest.Dir(b, n)
			for b.Loop() {
				loadScale(b, dir, n)
			}
		})
	}
}

// Validation is linear in the number of functions: the bytes allocated per
// function do not grow with the stack. Bytes, not time, so that a busy
// machine cannot fail it; evaluating each function with every other
// function in scope (as before issue 13) made them grow with n.
func TestValidateScalesLinearly(t *testing.T) {
	testtier.MeasuresLatency(t)
	perFunction := func(n int) float64 {
		dir := scaletest.Dir(t, n)
		loadScale(t, dir, n) // warm up: one-time allocations are not per function
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		loadScale(t, dir, n)
		runtime.ReadMemStats(&after)
		return float64(after.TotalAlloc-before.TotalAlloc) / float64(n)
	}
	small, large := perFunction(200), perFunction(1200)
	t.Logf("bytes allocated per function: %.0f at 200 functions, %.0f at 1200", small, large)
	if large > 1.5*small {
		t.Errorf("validating 1200 functions allocates %.0f bytes per function, %.1f× the %.0f of 200: validation is not linear", large, large/small, small)
	}
}
