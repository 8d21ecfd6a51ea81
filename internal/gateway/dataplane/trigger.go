package dataplane

import (
	"errors"
	"fmt"
	"slices"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Trigger is one HTTP trigger as the data plane serves it.
type Trigger struct {
	// URLID is the store's stable id of the trigger; the plane keys its
	// listeners by it.
	URLID    string
	Function string
	Name     string
	Methods  []string // subset of fcspec.Methods; a WebSocket needs GET
	AuthType string   // anonymous, function (the default) or jwt
	// DisableURLInternet makes the trigger's URL answer 403, as FC's
	// public URL does then.
	DisableURLInternet bool
	// Port is the listener's port: the one recorded for the trigger, or 0
	// for a free one, which SetTrigger reports so it can be recorded.
	Port int
}

func (t Trigger) normalized() (Trigger, error) {
	if t.URLID == "" {
		return t, errors.New("dataplane: a trigger needs its URL id")
	}
	if err := fcspec.CheckFunctionName(t.Function); err != nil {
		return t, fmt.Errorf("trigger %q: %w", t.Name, err)
	}
	if err := fcspec.CheckTriggerName(t.Name); err != nil {
		return t, err
	}
	if t.AuthType == "" {
		t.AuthType = fcspec.DefaultAuthType
	}
	if err := fcspec.CheckAuthType(t.AuthType); err != nil {
		return t, fmt.Errorf("trigger %q: %w", t.Name, err)
	}
	for _, m := range t.Methods {
		if err := fcspec.CheckMethod(m); err != nil {
			return t, fmt.Errorf("trigger %q: %w", t.Name, err)
		}
	}
	if t.Port != 0 {
		if err := fcspec.CheckPort(t.Port); err != nil {
			return t, fmt.Errorf("trigger %q: listener port %w", t.Name, err)
		}
	}
	// A set, as FC compares it: order and repeats do not matter.
	t.Methods = slices.Compact(slices.Sorted(slices.Values(t.Methods)))
	return t, nil
}

// sameTrigger reports whether a and b serve requests alike.
func sameTrigger(a, b *Trigger) bool {
	return a.Function == b.Function && a.Name == b.Name && a.AuthType == b.AuthType &&
		a.DisableURLInternet == b.DisableURLInternet && slices.Equal(a.Methods, b.Methods)
}

// allows reports whether the trigger accepts method.
func (t *Trigger) allows(method string) bool {
	return slices.Contains(t.Methods, method)
}
