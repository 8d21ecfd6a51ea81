package plan

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
)

// Import is the adoption of an existing function (with its triggers) into
// a stack, planned: Plan is the plan of that one function as if the stack
// owned it already, which is what the next apply would change. Adopting it
// (Adopt) writes the stack tag and nothing else, as Terraform's import
// records a resource without applying the configuration.
type Import struct {
	Address  string // function.<label>
	Function string // FC name
	Stack    string
	Plan     *Plan

	existing *providers.Function // as read, without the stack tag
}

// MakeImport reads the function named name and plans it as the declared
// function address ("function.<label>"). It refuses a function that does
// not exist, that another stack owns or that this stack owns already, an
// address the stack does not declare, and a block whose FC name is not
// name: the block's name is what every later plan looks up.
func MakeImport(ctx context.Context, stack *config.Stack, p providers.Provider, address, name string, opts Options) (*Import, error) {
	if stack.Name == "" {
		return nil, errors.New("the stack has no name: set stack = \"...\" in a .hcl file")
	}
	fn, err := importTarget(stack, address)
	if err != nil {
		return nil, err
	}
	if fn.Name != name {
		return nil, fmt.Errorf("%s is the Function Compute function %q, not %q: a block's FC name is its label unless it sets one. "+
			"To adopt %q as %s, set name = %q in its function block, then run import again", address, fn.Name, name, name, address, name)
	}
	where := p.Info().Name
	have, err := p.GetFunction(ctx, name)
	switch {
	case errors.Is(err, providers.ErrNotFound):
		return nil, fmt.Errorf("no function named %q exists on %s, so there is nothing to import: check the name (FC names are case-sensitive), or run wsdeploy apply to create it", name, where)
	case err != nil:
		return nil, fmt.Errorf("%s: reading function %q: %w", address, name, err)
	}
	switch owner := have.Tags[providers.StackTag]; owner {
	case "":
	case stack.Name:
		return nil, fmt.Errorf("%s: function %q on %s already belongs to stack %q (tag %s=%s): there is nothing to import; wsdeploy plan shows its differences",
			address, name, where, owner, providers.StackTag, owner)
	default:
		return nil, fmt.Errorf("%s: function %q on %s belongs to stack %q (tag %s=%s); wsdeploy never takes over another stack's function. "+
			"Destroy it from stack %q first (wsdeploy destroy -target function.<label> there), or give this block another name",
			address, name, where, owner, providers.StackTag, owner, owner)
	}
	m := newMaker(stack, p, Options{Targets: []string{address}, Parallelism: opts.Parallelism, Environ: opts.Environ, Progress: opts.Progress, Now: opts.Now})
	m.adopted = owned(have, stack.Name)
	pl, err := m.make(ctx, false)
	if err != nil {
		return nil, err
	}
	pl.Targets = nil // the scope is the import's, not a -target the user gave
	return &Import{Address: address, Function: name, Stack: stack.Name, Plan: pl, existing: have}, nil
}

// Adopt marks the function as the stack's by writing the stack tag: through
// the tag API alone when the provider has one (providers.Tags), else through
// UpdateFunction with the configuration as it was read, so nothing but the
// tag changes. Either refuses if another stack tagged it meanwhile.
func (im *Import) Adopt(ctx context.Context, p providers.Provider) error {
	var err error
	if t, ok := p.(providers.Tags); ok {
		err = t.TagFunction(ctx, im.Function, map[string]string{providers.StackTag: im.Stack})
	} else {
		f := owned(im.existing, im.Stack)
		f.Triggers, f.OtherTriggers = nil, nil // UpdateFunction leaves triggers alone
		_, err = p.UpdateFunction(ctx, f, nil)
	}
	if err != nil {
		return fmt.Errorf("%s: tagging function %q %s=%s: %w", im.Address, im.Function, providers.StackTag, im.Stack, err)
	}
	return nil
}

// owned is a copy of f with the stack tag of stack.
func owned(f *providers.Function, stack string) *providers.Function {
	c := *f
	c.Tags = maps.Clone(f.Tags)
	if c.Tags == nil {
		c.Tags = map[string]string{}
	}
	c.Tags[providers.StackTag] = stack
	return &c
}

// importTarget is the function block address names.
func importTarget(stack *config.Stack, address string) (*config.Function, error) {
	label, ok := strings.CutPrefix(address, "function.")
	if !ok || label == "" || strings.Contains(label, ".") {
		return nil, fmt.Errorf("%q is not a function address: write function.NAME, naming a function block (its triggers come with it)", address)
	}
	var labels []string
	for _, f := range stack.Functions {
		if f.Label == label {
			return f, nil
		}
		labels = append(labels, f.Label)
	}
	slices.Sort(labels)
	return nil, fmt.Errorf("%s is not declared: stack %q has no function block %q (it declares %s). "+
		"Write the block first (function %q { ... }), then import into it", address, stack.Name, label, declaredList(labels), label)
}

func declaredList(labels []string) string {
	if len(labels) == 0 {
		return "none"
	}
	return strings.Join(labels, ", ")
}
