package plan

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/config/scaletest"
	"github.com/wsdeploy/wsdeploy/providers"
)

// empty is a provider with nothing deployed: the plan's own cost, without
// the provider's, is what the scale benchmarks measure.
type empty struct{}

var errReadOnly = errors.New("planning makes no changes")

func (empty) Info() providers.Info { return providers.Info{Name: "empty", Region: "cn-hangzhou"} }
func (empty) ListFunctions(context.Context, string) ([]*providers.Function, error) {
	return nil, nil
}
func (empty) GetFunction(_ context.Context, name string) (*providers.Function, error) {
	return nil, fmt.Errorf("function %q: %w", name, providers.ErrNotFound)
}
func (empty) CreateFunction(context.Context, *providers.Function, *providers.Code) (*providers.Function, error) {
	return nil, errReadOnly
}
func (empty) UpdateFunction(context.Context, *providers.Function, *providers.Code) (*providers.Function, error) {
	return nil, errReadOnly
}
func (empty) DeleteFunction(context.Context, string) error { return errReadOnly }
func (empty) CreateTrigger(context.Context, string, *providers.HTTPTrigger) (*providers.HTTPTrigger, error) {
	return nil, errReadOnly
}
func (empty) UpdateTrigger(context.Context, string, *providers.HTTPTrigger) (*providers.HTTPTrigger, error) {
	return nil, errReadOnly
}
func (empty) DeleteTrigger(context.Context, string, string) error { return errReadOnly }
func (empty) SignRequest(*http.Request) error                     { return errReadOnly }

func loadScale(tb testing.TB, n int) *config.Stack {
	tb.Helper()
	st, diags := config.Load(scaletest.Dir(tb, n), config.Options{Environ: []string{}})
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	return st
}

// makeScale plans the creation of the n functions of st and their triggers.
func makeScale(tb testing.TB, st *config.Stack) {
	tb.Helper()
	pl, err := Make(context.Background(), st, empty{}, Options{Environ: []string{}})
	if err != nil {
		tb.Fatal(err)
	}
	if got, want := len(pl.Changes), 2*len(st.Functions); got != want {
		tb.Fatalf("%d changes, want %d", got, want)
	}
}

// BenchmarkPlan plans stacks of 1,000 to 10,000 functions against a
// provider with nothing deployed (docs/BENCHMARKS.md).
func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{1000, 5000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			st := loadScale(b, n)
			for b.Loop() {
				makeScale(b, st)
			}
		})
	}
}
