package apply

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/providers"
)

// exec makes the provider call of one step, returning a trigger's public
// URL when it wrote one, and whether a create found its resource already
// there as planned (another run created it). Deleting what is already
// gone succeeds: an earlier apply, or an attempt whose answer was lost,
// did it.
func (a *applier) exec(ctx context.Context, s *step) (url string, existed bool, err error) {
	c := s.change
	if c.Kind == plan.KindCustomDomain {
		return "", false, a.execDomain(ctx, s)
	}
	if s.action == plan.Delete {
		if c.Kind == plan.KindFunction {
			err = a.p.DeleteFunction(ctx, c.Function)
		} else {
			err = a.p.DeleteTrigger(ctx, c.Function, c.Trigger)
		}
		if errors.Is(err, providers.ErrNotFound) {
			return "", false, nil
		}
		return "", false, err
	}
	switch c.Kind {
	case plan.KindFunction:
		if c.Desired() == nil {
			return "", false, fmt.Errorf("the plan holds no configuration for %s", c.Address)
		}
		if s.action == plan.Create {
			ctx, found := watchExisted(ctx)
			_, err = a.p.CreateFunction(ctx, c.Desired(), c.Upload())
			return "", err == nil && found.Load(), err
		}
		_, err = a.p.UpdateFunction(ctx, c.Desired(), c.Upload())
		return "", false, err
	case plan.KindHTTPTrigger:
		if c.DesiredTrigger() == nil {
			return "", false, fmt.Errorf("the plan holds no configuration for %s", c.Address)
		}
		var t *providers.HTTPTrigger
		ctx, found := watchExisted(ctx)
		if s.action == plan.Create {
			t, err = a.p.CreateTrigger(ctx, c.Function, c.DesiredTrigger())
		} else {
			t, err = a.p.UpdateTrigger(ctx, c.Function, c.DesiredTrigger())
		}
		if err != nil {
			return "", false, err
		}
		return t.URLInternet, found.Load(), nil
	}
	return "", false, fmt.Errorf("%s: wsdeploy does not write %s resources", c.Address, c.Kind)
}

// watchExisted is ctx with a flag that a create sets when it finds its
// resource already there (providers.ReportExisted).
func watchExisted(ctx context.Context) (context.Context, *atomic.Bool) {
	found := new(atomic.Bool)
	return providers.WithExisted(ctx, func() { found.Store(true) }), found
}

// execDomain writes or deletes a custom domain.
func (a *applier) execDomain(ctx context.Context, s *step) error {
	c := s.change
	cd, ok := a.p.(providers.CustomDomains)
	if !ok {
		return fmt.Errorf("provider %q does not manage custom domains", a.p.Info().Name)
	}
	var err error
	switch {
	case s.action == plan.Delete:
		if err = cd.DeleteCustomDomain(ctx, c.Domain); errors.Is(err, providers.ErrNotFound) {
			err = nil
		}
	case c.DesiredDomain() == nil:
		err = fmt.Errorf("the plan holds no configuration for %s", c.Address)
	case s.action == plan.Create:
		_, err = cd.CreateCustomDomain(ctx, c.DesiredDomain())
	default:
		_, err = cd.UpdateCustomDomain(ctx, c.DesiredDomain())
	}
	return err
}
