package controlapi

import (
	"sync"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// FC's function state machine (FC-REFERENCE.md section 4): a
// custom-container function is Pending after CreateFunction until its image
// is ready, and every UpdateFunction leaves lastUpdateStatus InProgress
// until the change is applied, while requests still reach the previous
// configuration. The gateway holds both for Config.StateDelay, then settles
// the function: Active and Successful, or Failed with the reason its code
// cannot start (Config.CheckStart).
//
// Settling happens when the function is next read or written after its
// deadline, not on a timer: the answer is the same, and nothing runs after
// the gateway closes. A deadline lives in memory only; a function found
// unsettled without one (the gateway restarted) is due at once.

// settling remembers when each unsettled function is due.
type settling struct {
	mu  sync.Mutex
	due map[string]time.Time
}

func (s *settling) set(name string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.due == nil {
		s.due = map[string]time.Time{}
	}
	s.due[name] = at
}

// isDue reports whether name, found unsettled, should be settled at now.
func (s *settling) isDue(name string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.due[name]
	return !ok || !now.Before(at)
}

func (s *settling) forget(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.due, name)
}

// unsettled reports whether f is Pending or its last update InProgress.
func unsettled(f *fc.Function) bool {
	return !fcspec.Settled(fcspec.State(dara.StringValue(f.State)), fcspec.UpdateStatus(dara.StringValue(f.LastUpdateStatus)))
}

// markCreated sets the state of a function being created at now: a
// container is Pending until StateDelay has passed; code that cannot start
// makes the function Failed at once.
func (h *Handler) markCreated(f *fc.Function, now time.Time) {
	f.LastUpdateStatus = dara.String(string(fcspec.UpdateSuccessful))
	if *f.Runtime == fcspec.CustomContainer && h.cfg.StateDelay > 0 {
		f.State = dara.String(string(fcspec.StatePending))
		f.StateReasonCode = dara.String(fcspec.ReasonCreating)
		f.StateReason = dara.String("the function is being created: its image is being prepared")
		h.settling.set(*f.FunctionName, now.Add(h.cfg.StateDelay))
		return
	}
	f.State = dara.String(string(fcspec.StateActive))
	if code, reason := h.checkStart(f); code != "" {
		f.State, f.StateReasonCode, f.StateReason = dara.String(string(fcspec.StateFailed)), dara.String(string(code)), dara.String(reason)
	}
}

// markUpdated sets the state of a function updated at now: InProgress
// until StateDelay has passed, settled at once without a delay.
func (h *Handler) markUpdated(f *fc.Function, now time.Time) {
	f.LastUpdateStatusReason, f.LastUpdateStatusReasonCode = nil, nil
	if h.cfg.StateDelay <= 0 {
		h.settle(f)
		return
	}
	f.LastUpdateStatus = dara.String(string(fcspec.UpdateInProgress))
	f.LastUpdateStatusReasonCode = dara.String(fcspec.ReasonUpdating)
	f.LastUpdateStatusReason = dara.String("the function is being updated; requests reach the previous configuration until it is done")
	h.settling.set(*f.FunctionName, now.Add(h.cfg.StateDelay))
}

// settle ends f's Pending state or InProgress update: Active and
// Successful when its code can start (a function Failed before recovers),
// else lastUpdateStatus Failed with the reason.
func (h *Handler) settle(f *fc.Function) {
	code, reason := h.checkStart(f)
	if code == "" || dara.StringValue(f.State) == string(fcspec.StatePending) {
		f.State, f.StateReason, f.StateReasonCode = dara.String(string(fcspec.StateActive)), nil, nil
	}
	f.LastUpdateStatus, f.LastUpdateStatusReason, f.LastUpdateStatusReasonCode = dara.String(string(fcspec.UpdateSuccessful)), nil, nil
	if code != "" {
		f.LastUpdateStatus = dara.String(string(fcspec.UpdateFailed))
		f.LastUpdateStatusReasonCode, f.LastUpdateStatusReason = dara.String(string(code)), dara.String(reason)
	}
	h.settling.forget(*f.FunctionName)
}

// settleIfDue settles the stored function f when its deadline has passed,
// and returns it as it now is. The function's lock must be held by the
// caller, or not at all (then settleIfDue takes it).
func (h *Handler) settleIfDue(f *fc.Function, now time.Time, locked bool) (*fc.Function, error) {
	name := dara.StringValue(f.FunctionName)
	if !unsettled(f) || !h.settling.isDue(name, now) {
		return f, nil
	}
	if !locked {
		unlock := h.locks.lock(name)
		defer unlock()
	}
	return h.cfg.Store.UpdateFunction(name, func(cur *fc.Function) error {
		if unsettled(cur) && h.settling.isDue(name, now) {
			h.settle(cur)
		}
		return nil
	})
}

// checkStart asks Config.CheckStart whether f's code can start; it returns
// FC's code and the reason when it cannot.
func (h *Handler) checkStart(f *fc.Function) (code fcspec.Code, reason string) {
	if h.cfg.CheckStart == nil {
		return "", ""
	}
	return h.cfg.CheckStart(f)
}

// checkNotChanging refuses a write to a function that is still Pending or
// being updated, as FC does with 409 ConcurrentUpdateError; the caller
// retries once the function has settled.
func checkNotChanging(f *fc.Function) error {
	if !unsettled(f) {
		return nil
	}
	return fcError(fcspec.CodeConcurrentUpdate, "function '%s' is being changed (state %s, lastUpdateStatus %s); retry when it is Active and its last update Successful",
		dara.StringValue(f.FunctionName), dara.StringValue(f.State), dara.StringValue(f.LastUpdateStatus))
}
