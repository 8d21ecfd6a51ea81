package sdk

import (
	"context"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
)

// The calls of protocol 1.1's optional interfaces, CustomDomains and
// Sessions (optional.go says how they are found).

func (s *server) ListCustomDomains(ctx context.Context, _ *proto.ListCustomDomainsRequest) (*proto.ListCustomDomainsResponse, error) {
	d, err := optional[CustomDomains](s, featureDomains)
	if err != nil {
		return nil, err
	}
	ds, err := d.ListCustomDomains(ctx)
	if err != nil {
		return nil, proto.ToStatus(err)
	}
	resp := &proto.ListCustomDomainsResponse{}
	for _, x := range ds {
		resp.Domains = append(resp.Domains, proto.FromCustomDomain(x))
	}
	return resp, nil
}

func (s *server) GetCustomDomain(ctx context.Context, req *proto.GetCustomDomainRequest) (*proto.CustomDomainResponse, error) {
	return s.domain(func(d CustomDomains) (*CustomDomain, error) { return d.GetCustomDomain(ctx, req.Name) })
}

func (s *server) CreateCustomDomain(ctx context.Context, req *proto.CustomDomainRequest) (*proto.CustomDomainResponse, error) {
	return s.domain(func(d CustomDomains) (*CustomDomain, error) {
		return d.CreateCustomDomain(ctx, proto.ToCustomDomain(req.Domain))
	})
}

func (s *server) UpdateCustomDomain(ctx context.Context, req *proto.CustomDomainRequest) (*proto.CustomDomainResponse, error) {
	return s.domain(func(d CustomDomains) (*CustomDomain, error) {
		return d.UpdateCustomDomain(ctx, proto.ToCustomDomain(req.Domain))
	})
}

func (s *server) domain(call func(CustomDomains) (*CustomDomain, error)) (*proto.CustomDomainResponse, error) {
	d, err := optional[CustomDomains](s, featureDomains)
	if err != nil {
		return nil, err
	}
	out, err := call(d)
	if err != nil {
		return nil, proto.ToStatus(err)
	}
	return &proto.CustomDomainResponse{Domain: proto.FromCustomDomain(out)}, nil
}

func (s *server) DeleteCustomDomain(ctx context.Context, req *proto.DeleteCustomDomainRequest) (*proto.DeleteCustomDomainResponse, error) {
	d, err := optional[CustomDomains](s, featureDomains)
	if err != nil {
		return nil, err
	}
	return &proto.DeleteCustomDomainResponse{}, proto.ToStatus(d.DeleteCustomDomain(ctx, req.Name))
}

func (s *server) ListSessions(ctx context.Context, req *proto.ListSessionsRequest) (*proto.ListSessionsResponse, error) {
	ss, err := optional[Sessions](s, featureSessions)
	if err != nil {
		return nil, err
	}
	list, err := ss.ListSessions(ctx, req.Function)
	if err != nil {
		return nil, proto.ToStatus(err)
	}
	resp := &proto.ListSessionsResponse{}
	for _, x := range list {
		resp.Sessions = append(resp.Sessions, proto.FromSession(x))
	}
	return resp, nil
}

func (s *server) DeleteSession(ctx context.Context, req *proto.DeleteSessionRequest) (*proto.DeleteSessionResponse, error) {
	ss, err := optional[Sessions](s, featureSessions)
	if err != nil {
		return nil, err
	}
	return &proto.DeleteSessionResponse{}, proto.ToStatus(ss.DeleteSession(ctx, req.Function, req.Id))
}
