package controlapi

import (
	"errors"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// putProvision is PutProvisionConfig: the data plane keeps target
// instances of the function started (ProvisionChanged). Scheduled and
// target-tracking scaling are refused rather than stored and ignored: the
// gateway would not scale as FC does.
func (h *Handler) putProvision(c *call) (any, error) {
	fn := c.r.PathValue("fn")
	if err := checkQualifier(c.r.URL.Query().Get("qualifier")); err != nil {
		return nil, err
	}
	var in fc.PutProvisionConfigInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if err := checkProvisionInput(&in); err != nil {
		return nil, err
	}
	unlock := h.locks.lock(fn)
	defer unlock()
	cfg := &fc.ProvisionConfig{
		FunctionArn:       dara.String(h.functionARN(fn)),
		Target:            in.Target,
		DefaultTarget:     in.DefaultTarget,
		AlwaysAllocateCPU: in.AlwaysAllocateCPU,
		AlwaysAllocateGPU: in.AlwaysAllocateGPU,
	}
	if err := h.cfg.Store.PutProvision(fn, cfg); err != nil {
		return nil, err
	}
	h.notify(Event{Kind: ProvisionChanged, Time: c.now, Function: fn})
	return h.withCurrent(fn, cfg), nil
}

func checkProvisionInput(in *fc.PutProvisionConfigInput) error {
	if in.Target == nil {
		return invalidArg("target", "is required: the number of provisioned instances to keep")
	}
	lo, hi := int64(fcspec.ProvisionConfigTargetMin), int64(fcspec.ProvisionConfigTargetMax)
	if n := *in.Target; n < lo || n > hi {
		return invalidArg("target", "is %d; it must be between %d and %d", n, lo, hi)
	}
	if d := in.DefaultTarget; d != nil && *d != *in.Target {
		return invalidArg("defaultTarget", "is %d and target %d: without scaling policies the local gateway keeps one number of instances; send the same value or leave defaultTarget out", *d, *in.Target)
	}
	if len(in.ScheduledActions) > 0 || len(in.TargetTrackingPolicies) > 0 {
		return invalidArg("scheduledActions", "and targetTrackingPolicies are not emulated by the local gateway, which keeps target instances at all times; leave them out locally")
	}
	return nil
}

// withCurrent completes a stored config with what the plane has: current
// (provisioned instances ready to serve) and currentError (why fewer than
// target are, as FC reports a shortfall).
func (h *Handler) withCurrent(fn string, cfg *fc.ProvisionConfig) *fc.ProvisionConfig {
	out := *cfg
	current, why := 0, ""
	if h.cfg.Provisioned != nil {
		current, why = h.cfg.Provisioned(fn)
	}
	out.Current = dara.Int64(int64(current))
	if why != "" {
		out.CurrentError = dara.String(why)
	}
	return &out
}

// getProvision answers an unset config with target 0: FC's answer for a
// function without one, which Terraform's alicloud provider reads as "not
// found" (unconfirmed against FC itself).
func (h *Handler) getProvision(c *call) (any, error) {
	fn := c.r.PathValue("fn")
	if err := checkQualifier(c.r.URL.Query().Get("qualifier")); err != nil {
		return nil, err
	}
	cfg, err := h.cfg.Store.GetProvision(fn)
	if errors.Is(err, store.ErrProvisionNotFound) {
		cfg, err = &fc.ProvisionConfig{FunctionArn: dara.String(h.functionARN(fn)), Target: dara.Int64(0)}, nil
	}
	if err != nil {
		return nil, err
	}
	return h.withCurrent(fn, cfg), nil
}

// deleteProvision is idempotent, as deleteConcurrency: deleting an unset
// config succeeds.
func (h *Handler) deleteProvision(c *call) (any, error) {
	fn := c.r.PathValue("fn")
	if err := checkQualifier(c.r.URL.Query().Get("qualifier")); err != nil {
		return nil, err
	}
	unlock := h.locks.lock(fn)
	defer unlock()
	err := h.cfg.Store.DeleteProvision(fn)
	if errors.Is(err, store.ErrProvisionNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	h.notify(Event{Kind: ProvisionChanged, Time: c.now, Function: fn})
	return nil, nil
}

// listProvisions is ListProvisionConfigs: every function's config, or
// only functionName's.
func (h *Handler) listProvisions(c *call) (any, error) {
	q := c.r.URL.Query()
	page, err := pageOptions(q)
	if err != nil {
		return nil, err
	}
	page.Prefix = "" // FC's ListProvisionConfigs takes no prefix
	var match func(*store.Provision) bool
	if name := q.Get("functionName"); name != "" {
		page.Prefix = name
		match = func(p *store.Provision) bool { return p.Function == name }
	}
	ps, next, err := h.cfg.Store.ListProvisions(page, match)
	if err != nil {
		return nil, err
	}
	out := &fc.ListProvisionConfigsOutput{ProvisionConfigs: make([]*fc.ProvisionConfig, 0, len(ps))}
	for _, p := range ps {
		out.ProvisionConfigs = append(out.ProvisionConfigs, h.withCurrent(p.Function, p.Config))
	}
	if next != "" {
		out.NextToken = dara.String(encodeToken(next))
	}
	return out, nil
}
