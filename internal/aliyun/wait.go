package aliyun

import (
	"context"
	"fmt"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Polling GetFunction while FC settles a function: quick at first (the
// local gateway and small updates settle in seconds), then every 2 s as
// fc3 does. A report goes to the progress line when the state changes
// and at least every reportEvery.
const (
	pollFirst   = 200 * time.Millisecond
	pollMax     = 2 * time.Second
	reportEvery = 10 * time.Second
)

// StateError is a function that FC could not bring up: its state or its
// last update Failed, with FC's reason.
type StateError struct {
	Function   string
	Op         string // "create" or "update"
	Status     string // "state Failed" or "lastUpdateStatus Failed"
	ReasonCode string
	Reason     string
}

func (e *StateError) Error() string {
	reason := e.ReasonCode
	if e.Reason != "" {
		reason += ": " + e.Reason
	}
	return fmt.Sprintf("aliyun: function %q: FC could not apply the %s: %s (%s); fix what the reason names and run wsdeploy apply again (wsdeploy logs shows the function's output)",
		e.Function, e.Op, e.Status, reason)
}

// waitSettled polls the function after a create or an update until FC no
// longer reports it Pending or its last update InProgress (requests reach
// the previous code until then), bounded by StateTimeout. A Failed state
// or update is a *StateError.
func (p *Provider) waitSettled(ctx context.Context, name, op string) error {
	start := time.Now()
	delay, said, saidAt := pollFirst, "", start
	for {
		f, err := p.getFunction(ctx, name)
		if err != nil {
			return err
		}
		state, update := fcspec.State(dara.StringValue(f.State)), fcspec.UpdateStatus(dara.StringValue(f.LastUpdateStatus))
		if err := stateError(f, op); err != nil {
			return err
		}
		if fcspec.Settled(state, update) {
			return nil
		}
		elapsed := time.Since(start)
		what := waitingFor(state, update, op)
		if elapsed >= p.s.StateTimeout {
			return fmt.Errorf("aliyun: function %q: %s for %s, longer than the provider waits (%s): check the function in FC's console, then run wsdeploy apply again",
				name, what, elapsed.Round(time.Second), p.s.StateTimeout)
		}
		if what != said || time.Since(saidAt) >= reportEvery {
			providers.ReportProgress(ctx, providers.Progress{Function: name, What: what, Elapsed: elapsed})
			said, saidAt = what, time.Now()
		}
		if err := sleep(ctx, min(delay, p.s.StateTimeout-elapsed)); err != nil {
			return err
		}
		delay = min(2*delay, pollMax)
	}
}

// stateError is f's failure, nil if neither its state nor its last update
// failed.
func stateError(f *fc.Function, op string) error {
	name := dara.StringValue(f.FunctionName)
	switch {
	case dara.StringValue(f.LastUpdateStatus) == string(fcspec.UpdateFailed):
		return &StateError{Function: name, Op: op, Status: "lastUpdateStatus Failed",
			ReasonCode: dara.StringValue(f.LastUpdateStatusReasonCode), Reason: dara.StringValue(f.LastUpdateStatusReason)}
	case dara.StringValue(f.State) == string(fcspec.StateFailed):
		return &StateError{Function: name, Op: op, Status: "state Failed",
			ReasonCode: dara.StringValue(f.StateReasonCode), Reason: dara.StringValue(f.StateReason)}
	}
	return nil
}

// waitingFor says what FC is doing, for the progress line and the timeout.
func waitingFor(state fcspec.State, update fcspec.UpdateStatus, op string) string {
	if state == fcspec.StatePending {
		return "FC is preparing the function (state Pending)"
	}
	return fmt.Sprintf("FC is applying the %s (lastUpdateStatus %s)", op, update)
}
