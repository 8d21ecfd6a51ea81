package fidelity

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers"
)

// remove deletes function name, its triggers first (FC refuses to delete
// a function that has any); one already gone is not an error. It refuses
// a name without Prefix: the tests delete only what they created.
func (tg *Target) remove(ctx context.Context, name string) error {
	if !strings.HasPrefix(name, Prefix) {
		return fmt.Errorf("refusing to delete %q: the fidelity tests delete only functions named %s*", name, Prefix)
	}
	f, err := tg.raw.GetFunction(ctx, name)
	if errors.Is(err, providers.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	triggers := f.OtherTriggers
	for _, t := range f.Triggers {
		triggers = append(triggers, t.Name)
	}
	for _, t := range triggers {
		if err := tg.raw.DeleteTrigger(ctx, name, t); err != nil && !errors.Is(err, providers.ErrNotFound) {
			return err
		}
	}
	if err := tg.raw.DeleteFunction(ctx, name); err != nil && !errors.Is(err, providers.ErrNotFound) {
		return err
	}
	return nil
}
