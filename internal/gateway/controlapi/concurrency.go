package controlapi

import (
	"errors"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
)

// maxReservedConcurrency is FC's default per-region account concurrency,
// the most one function can reserve (unconfirmed; ROS caps it at 300).
const maxReservedConcurrency = 300

func (h *Handler) putConcurrency(c *call) (any, error) {
	fn := c.r.PathValue("fn")
	var in fc.PutConcurrencyInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if in.ReservedConcurrency == nil {
		return nil, invalidArg("reservedConcurrency", "is required")
	}
	if n := *in.ReservedConcurrency; n < 0 || n > maxReservedConcurrency {
		return nil, invalidArg("reservedConcurrency", "is %d; it must be between 0 (function disabled) and %d", n, maxReservedConcurrency)
	}
	unlock := h.locks.lock(fn)
	defer unlock()
	cfg := &fc.ConcurrencyConfig{FunctionArn: dara.String(h.functionARN(fn)), ReservedConcurrency: in.ReservedConcurrency}
	if err := h.cfg.Store.PutConcurrency(fn, cfg); err != nil {
		return nil, err
	}
	h.notify(Event{Kind: ConcurrencyChanged, Time: c.now, Function: fn})
	return cfg, nil
}

// getConcurrency answers an unset config with an empty object, as FC
// answers unset per-function configs (unconfirmed for this one).
func (h *Handler) getConcurrency(c *call) (any, error) {
	cfg, err := h.cfg.Store.GetConcurrency(c.r.PathValue("fn"))
	if errors.Is(err, store.ErrConcurrencyNotFound) {
		return &fc.ConcurrencyConfig{}, nil
	}
	return cfg, err
}

// deleteConcurrency is idempotent: deleting an unset config succeeds.
func (h *Handler) deleteConcurrency(c *call) (any, error) {
	fn := c.r.PathValue("fn")
	unlock := h.locks.lock(fn)
	defer unlock()
	err := h.cfg.Store.DeleteConcurrency(fn)
	if errors.Is(err, store.ErrConcurrencyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	h.notify(Event{Kind: ConcurrencyChanged, Time: c.now, Function: fn})
	return nil, nil
}
