package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

// The custom domains and sessions of the memory provider (protocol 1.1).

func (m *memory) ListCustomDomains(context.Context) ([]*sdk.CustomDomain, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*sdk.CustomDomain
	for _, name := range slices.Sorted(maps.Keys(m.domains)) {
		out = append(out, m.domains[name])
	}
	return out, nil
}

func (m *memory) GetCustomDomain(_ context.Context, name string) (*sdk.CustomDomain, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.domains[name]
	if !ok {
		return nil, fmt.Errorf("custom domain %q: %w", name, sdk.ErrNotFound)
	}
	return d, nil
}

// CreateCustomDomain keeps the domain as FC reads it back: the private key
// is never returned. A domain named leaky.* has its key echoed in the
// error, as a careless plugin might, for the host to mask.
func (m *memory) CreateCustomDomain(_ context.Context, d *sdk.CustomDomain) (*sdk.CustomDomain, error) {
	if strings.HasPrefix(d.Name, "leaky.") && d.Cert != nil {
		return nil, fmt.Errorf("custom domain %q: cannot parse the private key %q", d.Name, d.Cert.PrivateKey)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.domains[d.Name]; ok {
		return nil, fmt.Errorf("custom domain %q already exists", d.Name)
	}
	return m.putDomain(d), nil
}

func (m *memory) UpdateCustomDomain(_ context.Context, d *sdk.CustomDomain) (*sdk.CustomDomain, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.domains[d.Name]; !ok {
		return nil, fmt.Errorf("custom domain %q: %w", d.Name, sdk.ErrNotFound)
	}
	return m.putDomain(d), nil
}

func (m *memory) putDomain(d *sdk.CustomDomain) *sdk.CustomDomain {
	stored := *d
	if d.Cert != nil {
		c := *d.Cert
		c.PrivateKey = ""
		stored.Cert = &c
	}
	stored.LastModified = "2026-12-06T00:00:00Z"
	m.domains[d.Name] = &stored
	return &stored
}

func (m *memory) DeleteCustomDomain(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.domains[name]; !ok {
		return fmt.Errorf("custom domain %q: %w", name, sdk.ErrNotFound)
	}
	delete(m.domains, name)
	return nil
}

// ListSessions reports one session per function that has affinity, so
// that every field crosses the wire.
func (m *memory) ListSessions(_ context.Context, function string) ([]*sdk.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.fns[function]
	if !ok {
		return nil, fmt.Errorf("function %q: %w", function, sdk.ErrNotFound)
	}
	if f.SessionAffinity == nil || m.ended[function] {
		return nil, nil
	}
	a := f.SessionAffinity
	return []*sdk.Session{{ID: "s-1", Function: function, Qualifier: "LATEST", InstanceID: "c-1",
		AffinityType: a.Type, Status: "Active", TTL: a.SessionTTL, IdleTimeout: a.SessionIdleTimeout,
		Created: "2026-12-06T00:00:00Z", LastModified: "2026-12-06T00:00:01Z"}}, nil
}

func (m *memory) DeleteSession(_ context.Context, function, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.fns[function]; !ok || f.SessionAffinity == nil || id != "s-1" || m.ended[function] {
		return fmt.Errorf("session %q of function %q: %w", id, function, sdk.ErrNotFound)
	}
	m.ended[function] = true
	return nil
}

// basic hides the optional interfaces of a provider: the SDK answers
// their calls Unimplemented.
type basic struct{ sdk.Provider }

// calls11 and calls12 are the calls protocol 1.1 and 1.2 added.
var (
	calls11 = []string{"ListCustomDomains", "GetCustomDomain", "CreateCustomDomain", "UpdateCustomDomain",
		"DeleteCustomDomain", "ListSessions", "DeleteSession"}
	calls12 = []string{"ListInstances", "GetFunctionState", "TagFunction", "Lock", "Unlock", "GetLockHolder"}
)

// without answers calls as a server that lacks them does: gRPC's own
// answer to an unknown method.
func without(calls ...[]string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		service, method, _ := strings.Cut(strings.TrimPrefix(info.FullMethod, "/"), "/")
		for _, c := range calls {
			if slices.Contains(c, method) {
				return nil, status.Errorf(codes.Unimplemented, "unknown method %v for service %v", method, service)
			}
		}
		return handler(ctx, req)
	}
}

// withoutNewCalls lacks the calls of 1.1 and 1.2. With the memory provider
// (mode "liar"), the plugin says it has calls it does not serve, as a
// plugin written in another language might.
var withoutNewCalls = without(calls11, calls12)

// asProtocol10 makes the server answer as a plugin built for protocol 1.0
// does: Describe reports minor 0, Configure reports nothing beyond the
// Provider interface, and the calls of 1.1 and 1.2 are unknown.
func asProtocol10(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	resp, err := withoutNewCalls(ctx, req, info, handler)
	switch r := resp.(type) {
	case *proto.DescribeResponse:
		r.ProtocolMinor = 0
	case *proto.ConfigureResponse:
		r.Reset()
	case *proto.FunctionResponse:
		r.Existed = false
	case *proto.TriggerResponse:
		r.Existed = false
	}
	return resp, err
}

// asProtocol11 answers as a plugin built for protocol 1.1: custom domains
// and sessions, but none of 1.2's calls, flags or the existed report.
func asProtocol11(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	resp, err := without(calls12)(ctx, req, info, handler)
	switch r := resp.(type) {
	case *proto.DescribeResponse:
		r.ProtocolMinor = 1
	case *proto.ConfigureResponse:
		*r = proto.ConfigureResponse{CustomDomains: r.CustomDomains, Sessions: r.Sessions}
	case *proto.FunctionResponse:
		r.Existed = false
	case *proto.TriggerResponse:
		r.Existed = false
	}
	return resp, err
}
