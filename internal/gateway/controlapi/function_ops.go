package controlapi

import (
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

func (h *Handler) createFunction(c *call) (any, error) {
	var in fc.CreateFunctionInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	name := dara.StringValue(in.FunctionName)
	if name == "" {
		return nil, invalidArg("functionName", "is required")
	}
	if err := fcspec.CheckFunctionName(name); err != nil {
		return nil, invalidArg("functionName", "%v", err)
	}
	if err := checkLayers(in.Layers); err != nil {
		return nil, err
	}
	f := &fc.Function{}
	if err := overlay(f, &in); err != nil {
		return nil, err
	}
	setLayers(f, in.Layers)
	applyDefaults(f)
	if err := validateFunction(f); err != nil {
		return nil, err
	}
	zip, err := h.readCode(c, in.Code)
	if err != nil {
		return nil, err
	}
	container := *f.Runtime == fcspec.CustomContainer
	if zip == nil && !container {
		return nil, invalidArg("code", "is required: send code.zipFile, the base64 of a zip of the code directory")
	}

	unlock := h.locks.lock(name)
	defer unlock()
	// Refuse a taken name before unpacking anything; the store checks again
	// atomically.
	if _, err := h.cfg.Store.GetFunction(name); err == nil {
		return nil, toAPIError(store.ErrFunctionExists, name, "")
	}
	f.FunctionId = dara.String(newUUID())
	f.FunctionArn = dara.String(h.functionARN(name))
	f.CreatedTime, f.LastModifiedTime = fcTime(c.now), fcTime(c.now)
	if !container {
		if err := h.installCode(f, zip); err != nil {
			h.removeCode(f)
			return nil, err
		}
	}
	h.markCreated(f, c.now)
	if err := h.cfg.Store.CreateFunction(f); err != nil {
		h.removeCode(f)
		return nil, toAPIError(err, name, "") // the name is in the body, not the path
	}
	h.notify(Event{Kind: FunctionCreated, Time: c.now, Function: name})
	return f, nil
}

func (h *Handler) updateFunction(c *call) (any, error) {
	name := c.r.PathValue("fn")
	var in fc.UpdateFunctionInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if err := checkLayers(in.Layers); err != nil {
		return nil, err
	}
	zip, err := h.readCode(c, in.Code)
	if err != nil {
		return nil, err
	}

	unlock := h.locks.lock(name)
	defer unlock()
	cur, err := h.cfg.Store.GetFunction(name)
	if err == nil {
		cur, err = h.settleIfDue(cur, c.now, true)
	}
	if err != nil {
		return nil, err
	}
	if err := checkNotChanging(cur); err != nil {
		return nil, err
	}
	// Merge and validate before unpacking, so a refused update leaves no
	// code behind; the lock keeps cur current until the commit.
	next := clone(cur)
	if err := overlay(next, &in); err != nil {
		return nil, err
	}
	setLayers(next, in.Layers)
	applyDefaults(next)
	if err := validateFunction(next); err != nil {
		return nil, err
	}
	if zip != nil && *next.Runtime != fcspec.CustomContainer {
		if err := h.installCode(next, zip); err != nil {
			return nil, err
		}
	}
	next.LastModifiedTime = fcTime(c.now)
	h.markUpdated(next, c.now)
	if _, err := h.cfg.Store.UpdateFunction(name, func(f *fc.Function) error {
		*f = *next
		return nil
	}); err != nil {
		return nil, err
	}
	oldSum, newSum := dara.StringValue(cur.CodeChecksum), dara.StringValue(next.CodeChecksum)
	if oldSum != newSum {
		// Keep the previous version: running instances still use it until
		// the data plane replaces them.
		if err := h.cfg.Code.Prune(*next.FunctionId, newSum, oldSum); err != nil {
			h.cfg.Log.Warn("pruning old code", "function", name, "error", err)
		}
	}
	h.notify(Event{Kind: FunctionUpdated, Time: c.now, Function: name, CodeChanged: oldSum != newSum, EffectiveAt: c.now.Add(max(h.cfg.StateDelay, 0))})
	return next, nil
}

func (h *Handler) getFunction(c *call) (any, error) {
	if err := checkQualifier(c.r.URL.Query().Get("qualifier")); err != nil {
		return nil, err
	}
	f, err := h.cfg.Store.GetFunction(c.r.PathValue("fn"))
	if err != nil {
		return nil, err
	}
	return h.settleIfDue(f, c.now, false)
}

func (h *Handler) deleteFunction(c *call) (any, error) {
	name := c.r.PathValue("fn")
	unlock := h.locks.lock(name)
	defer unlock()
	f, err := h.cfg.Store.DeleteFunction(name)
	if err != nil {
		return nil, err
	}
	h.removeCode(f)
	h.settling.forget(name)
	h.notify(Event{Kind: FunctionDeleted, Time: c.now, Function: name})
	return nil, nil
}

func (h *Handler) removeCode(f *fc.Function) {
	if id := dara.StringValue(f.FunctionId); id != "" {
		if err := h.cfg.Code.Remove(id); err != nil {
			h.cfg.Log.Warn("removing code", "function", dara.StringValue(f.FunctionName), "error", err)
		}
	}
}

func (h *Handler) listFunctions(c *call) (any, error) {
	q := c.r.URL.Query()
	page, err := pageOptions(q)
	if err != nil {
		return nil, err
	}
	match, err := functionFilter(q)
	if err != nil {
		return nil, err
	}
	fs, next, err := h.cfg.Store.ListFunctions(page, match)
	if err != nil {
		return nil, err
	}
	out := &fc.ListFunctionsOutput{Functions: make([]*fc.Function, 0, len(fs))}
	for _, f := range fs {
		out.Functions = append(out.Functions, listView(f))
	}
	if next != "" {
		out.NextToken = dara.String(encodeToken(next))
	}
	return out, nil
}

// checkQualifier accepts the only version the gateway has.
func checkQualifier(q string) error {
	if q != "" && q != fcspec.QualifierLatest {
		return invalidArg("qualifier", "%q: the local gateway keeps only the LATEST version (no versions or aliases)", q)
	}
	return nil
}
