package sdk

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
)

// The calls of protocol 1.1's optional interfaces: served when the
// configured provider implements CustomDomains or Sessions, else answered
// Unimplemented, the answer wsdeploy also gets from a plugin built before
// them, so that it has one case to explain.

// domains is the provider as CustomDomains, or the status that says it
// is not one.
func (s *server) domains() (CustomDomains, error) {
	p, err := s.configured()
	if err != nil {
		return nil, err
	}
	d, ok := p.(CustomDomains)
	if !ok {
		return nil, status.Errorf(codes.Unimplemented, "the provider (%T) does not manage custom domains: it does not implement sdk.CustomDomains", p)
	}
	return d, nil
}

// sessions is the provider as Sessions, or the status that says it is not
// one.
func (s *server) sessions() (Sessions, error) {
	p, err := s.configured()
	if err != nil {
		return nil, err
	}
	ss, ok := p.(Sessions)
	if !ok {
		return nil, status.Errorf(codes.Unimplemented, "the provider (%T) does not expose sessions: it does not implement sdk.Sessions", p)
	}
	return ss, nil
}

func (s *server) ListCustomDomains(ctx context.Context, _ *proto.ListCustomDomainsRequest) (*proto.ListCustomDomainsResponse, error) {
	d, err := s.domains()
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
	d, err := s.domains()
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
	d, err := s.domains()
	if err != nil {
		return nil, err
	}
	return &proto.DeleteCustomDomainResponse{}, proto.ToStatus(d.DeleteCustomDomain(ctx, req.Name))
}

func (s *server) ListSessions(ctx context.Context, req *proto.ListSessionsRequest) (*proto.ListSessionsResponse, error) {
	ss, err := s.sessions()
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
	ss, err := s.sessions()
	if err != nil {
		return nil, err
	}
	return &proto.DeleteSessionResponse{}, proto.ToStatus(ss.DeleteSession(ctx, req.Function, req.Id))
}
