package controlapi

import (
	"slices"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// triggerView is a stored trigger as the API returns it: with the URLs of
// an http trigger, built by the data plane from the stable URL id.
func (h *Handler) triggerView(t *store.Trigger) *fc.Trigger {
	out := *t.Trigger
	if dara.StringValue(out.TriggerType) == fcspec.TriggerTypeHTTP && h.cfg.TriggerURLs != nil {
		internet, intranet := h.cfg.TriggerURLs(t.Function, t.URLID)
		out.HttpTrigger = &fc.HTTPTrigger{UrlInternet: dara.String(internet), UrlIntranet: dara.String(intranet)}
	}
	return &out
}

func (h *Handler) createTrigger(c *call) (any, error) {
	fn := c.r.PathValue("fn")
	var in fc.CreateTriggerInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	tn, typ := dara.StringValue(in.TriggerName), dara.StringValue(in.TriggerType)
	switch {
	case tn == "":
		return nil, invalidArg("triggerName", "is required")
	case fcspec.CheckTriggerName(tn) != nil:
		return nil, invalidArg("triggerName", "%v", fcspec.CheckTriggerName(tn))
	case typ == "":
		return nil, invalidArg("triggerType", "is required: use http for a WebSocket trigger")
	case !slices.Contains(fcspec.TriggerTypes, typ):
		// Only http triggers are served locally; the others are kept so
		// that a stack using them still applies.
		return nil, invalidArg("triggerType", "%q is not one of %v", typ, fcspec.TriggerTypes)
	}
	config, err := normalizeTriggerConfig(typ, dara.StringValue(in.TriggerConfig))
	if err != nil {
		return nil, err
	}
	if err := checkTriggerFields(in.Description, in.Qualifier); err != nil {
		return nil, err
	}

	unlock := h.locks.lock(fn)
	defer unlock()
	f, err := h.cfg.Store.GetFunction(fn)
	if err != nil {
		return nil, err
	}
	if typ == fcspec.TriggerTypeHTTP {
		if err := h.checkNoHTTPTrigger(fn, tn); err != nil {
			return nil, err
		}
	}
	t := &fc.Trigger{
		TriggerName:      dara.String(tn),
		TriggerType:      dara.String(typ),
		TriggerConfig:    dara.String(config),
		TriggerId:        dara.String(newUUID()),
		Description:      in.Description,
		InvocationRole:   in.InvocationRole,
		SourceArn:        in.SourceArn,
		Qualifier:        dara.String(fcspec.QualifierLatest),
		TargetArn:        f.FunctionArn,
		CreatedTime:      fcTime(c.now),
		LastModifiedTime: fcTime(c.now),
	}
	rec, err := h.cfg.Store.CreateTrigger(fn, t)
	if err != nil {
		return nil, toAPIError(err, fn, tn) // the trigger name is in the body
	}
	h.notify(Event{Kind: TriggerCreated, Time: c.now, Function: fn, Trigger: tn})
	return h.triggerView(rec), nil
}

// checkNoHTTPTrigger refuses a second http trigger on a function: FC
// allows one per function in each version or alias, and the gateway keeps
// only LATEST. FC's code for this refusal is unconfirmed; InvalidArgument is
// FC's code for a request its rules refuse, where TriggerAlreadyExists would
// tell a deployer that a trigger of this name exists, which is not so. A
// retry of the same name still meets TriggerAlreadyExists, from the store.
// The caller holds the function's lock, so two creates cannot both pass.
func (h *Handler) checkNoHTTPTrigger(fn, tn string) error {
	ts, _, err := h.cfg.Store.ListTriggers(fn, store.ListOptions{})
	if err != nil {
		return err
	}
	for _, t := range ts {
		name := dara.StringValue(t.Trigger.TriggerName)
		if dara.StringValue(t.Trigger.TriggerType) == fcspec.TriggerTypeHTTP && name != tn {
			return fcError(fcspec.CodeInvalidArgument, "function '%s' already has HTTP trigger '%s': %s; update '%s' instead, or delete it first",
				fn, name, fcspec.OneHTTPTrigger, name)
		}
	}
	return nil
}

func checkTriggerFields(description, qualifier *string) error {
	if err := fcspec.CheckDescription(dara.StringValue(description)); err != nil {
		return invalidArg("description", "%v", err)
	}
	return checkQualifier(dara.StringValue(qualifier))
}

func (h *Handler) updateTrigger(c *call) (any, error) {
	fn, tn := c.r.PathValue("fn"), c.r.PathValue("tn")
	var in fc.UpdateTriggerInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if err := checkTriggerFields(in.Description, in.Qualifier); err != nil {
		return nil, err
	}
	unlock := h.locks.lock(fn)
	defer unlock()
	rec, err := h.cfg.Store.UpdateTrigger(fn, tn, func(t *fc.Trigger) error {
		if in.TriggerConfig != nil {
			config, err := normalizeTriggerConfig(dara.StringValue(t.TriggerType), *in.TriggerConfig)
			if err != nil {
				return err
			}
			t.TriggerConfig = dara.String(config)
		}
		if in.Description != nil {
			t.Description = in.Description
		}
		if in.InvocationRole != nil {
			t.InvocationRole = in.InvocationRole
		}
		t.LastModifiedTime = fcTime(c.now)
		return nil
	})
	if err != nil {
		return nil, err
	}
	h.notify(Event{Kind: TriggerUpdated, Time: c.now, Function: fn, Trigger: tn})
	return h.triggerView(rec), nil
}

func (h *Handler) getTrigger(c *call) (any, error) {
	rec, err := h.cfg.Store.GetTrigger(c.r.PathValue("fn"), c.r.PathValue("tn"))
	if err != nil {
		return nil, err
	}
	return h.triggerView(rec), nil
}

func (h *Handler) deleteTrigger(c *call) (any, error) {
	fn, tn := c.r.PathValue("fn"), c.r.PathValue("tn")
	unlock := h.locks.lock(fn)
	defer unlock()
	if _, err := h.cfg.Store.DeleteTrigger(fn, tn); err != nil {
		return nil, err
	}
	h.notify(Event{Kind: TriggerDeleted, Time: c.now, Function: fn, Trigger: tn})
	return nil, nil
}

func (h *Handler) listTriggers(c *call) (any, error) {
	page, err := pageOptions(c.r.URL.Query())
	if err != nil {
		return nil, err
	}
	ts, next, err := h.cfg.Store.ListTriggers(c.r.PathValue("fn"), page)
	if err != nil {
		return nil, err
	}
	out := &fc.ListTriggersOutput{Triggers: make([]*fc.Trigger, 0, len(ts))}
	for _, t := range ts {
		out.Triggers = append(out.Triggers, h.triggerView(t))
	}
	if next != "" {
		out.NextToken = dara.String(encodeToken(next))
	}
	return out, nil
}
