package apply

import (
	"context"
	"errors"
	"fmt"

	"github.com/wsdeploy/wsdeploy/engine/plan"
	"github.com/wsdeploy/wsdeploy/providers"
)

// exec makes the provider call of one step, returning a trigger's public
// URL when it wrote one. Deleting what is already gone succeeds: an
// earlier apply, or an attempt whose answer was lost, did it.
func (a *applier) exec(ctx context.Context, s *step) (string, error) {
	c := s.change
	if s.action == plan.Delete {
		var err error
		if c.Kind == plan.KindFunction {
			err = a.p.DeleteFunction(ctx, c.Function)
		} else {
			err = a.p.DeleteTrigger(ctx, c.Function, c.Trigger)
		}
		if errors.Is(err, providers.ErrNotFound) {
			return "", nil
		}
		return "", err
	}
	switch c.Kind {
	case plan.KindFunction:
		if c.Desired() == nil {
			return "", fmt.Errorf("the plan holds no configuration for %s", c.Address)
		}
		var err error
		if s.action == plan.Create {
			_, err = a.p.CreateFunction(ctx, c.Desired(), c.Upload())
		} else {
			_, err = a.p.UpdateFunction(ctx, c.Desired(), c.Upload())
		}
		return "", err
	case plan.KindHTTPTrigger:
		if c.DesiredTrigger() == nil {
			return "", fmt.Errorf("the plan holds no configuration for %s", c.Address)
		}
		var t *providers.HTTPTrigger
		var err error
		if s.action == plan.Create {
			t, err = a.p.CreateTrigger(ctx, c.Function, c.DesiredTrigger())
		} else {
			t, err = a.p.UpdateTrigger(ctx, c.Function, c.DesiredTrigger())
		}
		if err != nil {
			return "", err
		}
		return t.URLInternet, nil
	}
	return "", fmt.Errorf("%s: wsdeploy does not write %s resources", c.Address, c.Kind)
}
