package fidelity

import (
	"context"
	"maps"

	"github.com/wsdeploy/wsdeploy/providers"
)

// tagged is a provider that writes RunTag on every function and leaves it
// out of what it reads back, so that a stack under test need not declare
// it and a removal of its own tags still leaves the function marked.
type tagged struct {
	providers.Provider
	run string
}

func (p tagged) CreateFunction(ctx context.Context, f *providers.Function, code *providers.Code) (*providers.Function, error) {
	got, err := p.Provider.CreateFunction(ctx, p.mark(f), code)
	return unmark(got), err
}

func (p tagged) UpdateFunction(ctx context.Context, f *providers.Function, code *providers.Code) (*providers.Function, error) {
	got, err := p.Provider.UpdateFunction(ctx, p.mark(f), code)
	return unmark(got), err
}

func (p tagged) GetFunction(ctx context.Context, name string) (*providers.Function, error) {
	got, err := p.Provider.GetFunction(ctx, name)
	return unmark(got), err
}

func (p tagged) ListFunctions(ctx context.Context, stack string) ([]*providers.Function, error) {
	fns, err := p.Provider.ListFunctions(ctx, stack)
	for _, f := range fns {
		unmark(f)
	}
	return fns, err
}

// mark is a copy of f with RunTag.
func (p tagged) mark(f *providers.Function) *providers.Function {
	c := *f
	c.Tags = maps.Clone(f.Tags)
	if c.Tags == nil {
		c.Tags = map[string]string{}
	}
	c.Tags[RunTag] = p.run
	return &c
}

func unmark(f *providers.Function) *providers.Function {
	if f != nil {
		delete(f.Tags, RunTag)
	}
	return f
}
