package proto

import (
	"fmt"
	"time"

	"github.com/wsdeploy/wsdeploy/providers"
)

// The conversions of protocol 1.2's optional interfaces: instances,
// function states and locks (TagFunction's map needs none).

// FromInstance is i as a message.
func FromInstance(i *providers.Instance) *Instance {
	if i == nil {
		return nil
	}
	m := &Instance{Id: i.ID, Qualifier: i.Qualifier, VersionId: i.VersionID, Status: i.Status,
		ResourceType: i.ResourceType, CreatedMs: i.CreatedMs}
	if i.Connections != nil {
		n := int64(*i.Connections)
		m.Connections = &n
	}
	return m
}

// ToInstance is m as a providers.Instance; connections stay unknown (nil)
// when the plugin does not count them.
func ToInstance(m *Instance) *providers.Instance {
	if m == nil {
		return nil
	}
	i := &providers.Instance{ID: m.Id, Qualifier: m.Qualifier, VersionID: m.VersionId, Status: m.Status,
		ResourceType: m.ResourceType, CreatedMs: m.CreatedMs}
	if m.Connections != nil {
		n := int(*m.Connections)
		i.Connections = &n
	}
	return i
}

// FromFunctionState is s as a message.
func FromFunctionState(s *providers.FunctionState) *FunctionStateResponse {
	if s == nil {
		return &FunctionStateResponse{}
	}
	return &FunctionStateResponse{State: s.State, StateReason: s.StateReason,
		LastUpdateStatus: s.LastUpdateStatus, LastUpdateReason: s.LastUpdateReason}
}

// ToFunctionState is m as a providers.FunctionState.
func ToFunctionState(m *FunctionStateResponse) *providers.FunctionState {
	return &providers.FunctionState{State: m.GetState(), StateReason: m.GetStateReason(),
		LastUpdateStatus: m.GetLastUpdateStatus(), LastUpdateReason: m.GetLastUpdateReason()}
}

// FromLockInfo is i as a message, its time in RFC 3339 with nanoseconds.
func FromLockInfo(i *providers.LockInfo) *LockInfo {
	if i == nil {
		return nil
	}
	m := &LockInfo{Id: i.ID, Operation: i.Operation, Who: i.Who, Pid: int64(i.PID)}
	if !i.Created.IsZero() {
		m.Created = i.Created.UTC().Format(time.RFC3339Nano)
	}
	return m
}

// ToLockInfo is m as a providers.LockInfo. A time that is not RFC 3339 is
// an error, since the holder's "since when" is what a user decides on
// before breaking a lock; an absent one is the zero time.
func ToLockInfo(m *LockInfo) (*providers.LockInfo, error) {
	if m == nil {
		return nil, nil
	}
	i := &providers.LockInfo{ID: m.Id, Operation: m.Operation, Who: m.Who, PID: int(m.Pid)}
	if m.Created != "" {
		t, err := time.Parse(time.RFC3339Nano, m.Created)
		if err != nil {
			return nil, fmt.Errorf("lock %s: its creation time %q is not RFC 3339", m.Id, m.Created)
		}
		i.Created = t.UTC()
	}
	return i, nil
}
