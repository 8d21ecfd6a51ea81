package main

import (
	"context"
	"fmt"
	"maps"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

// The memory provider's optional interfaces of protocol 1.2: instances,
// states, tags alone and the stack lock.

// ListInstances reports two instances of any function: one that counts
// its connections and one that does not, so that both cross the wire.
func (m *memory) ListInstances(_ context.Context, function string) ([]*sdk.Instance, error) {
	if _, err := m.function(function); err != nil {
		return nil, err
	}
	two := 2
	return []*sdk.Instance{
		{ID: "c-1", Qualifier: "LATEST", VersionID: "0", Status: "Running", ResourceType: "Elastic", CreatedMs: 1765000000000, Connections: &two},
		{ID: "c-2", Qualifier: "LATEST", VersionID: "0"},
	}, nil
}

func (m *memory) FunctionState(_ context.Context, function string) (*sdk.FunctionState, error) {
	if _, err := m.function(function); err != nil {
		return nil, err
	}
	return &sdk.FunctionState{State: "Active", LastUpdateStatus: "Failed", LastUpdateReason: "the test says so"}, nil
}

// TagFunction refuses to move a function to another stack, as Tags asks.
func (m *memory) TagFunction(_ context.Context, function string, tags map[string]string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.fns[function]
	if !ok {
		return fmt.Errorf("function %q: %w", function, sdk.ErrNotFound)
	}
	if owner, want := f.Tags[sdk.StackTag], tags[sdk.StackTag]; owner != "" && want != "" && owner != want {
		return fmt.Errorf("function %q belongs to stack %q", function, owner)
	}
	c := *f
	c.Tags = maps.Clone(f.Tags)
	if c.Tags == nil {
		c.Tags = map[string]string{}
	}
	maps.Copy(c.Tags, tags)
	m.fns[function] = &c
	return nil
}

func (m *memory) Lock(_ context.Context, stack string, info sdk.LockInfo) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if h, ok := m.locks[stack]; ok && h.ID != info.ID {
		return fmt.Errorf("taking the lock: %w", &sdk.LockedError{Stack: stack, Holder: h})
	}
	m.locks[stack] = info
	return nil
}

func (m *memory) Unlock(_ context.Context, stack, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.locks[stack]
	switch {
	case !ok:
		return fmt.Errorf("the lock of stack %q: %w", stack, sdk.ErrNotFound)
	case h.ID != id:
		return &sdk.LockedError{Stack: stack, Holder: h}
	}
	delete(m.locks, stack)
	return nil
}

func (m *memory) LockHolder(_ context.Context, stack string) (*sdk.LockInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.locks[stack]
	if !ok {
		return nil, fmt.Errorf("the lock of stack %q: %w", stack, sdk.ErrNotFound)
	}
	return &h, nil
}

// function is the stored function, or ErrNotFound.
func (m *memory) function(name string) (*sdk.Function, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.fns[name]
	if !ok {
		return nil, fmt.Errorf("function %q: %w", name, sdk.ErrNotFound)
	}
	return f, nil
}
