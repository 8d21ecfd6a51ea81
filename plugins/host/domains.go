package host

import (
	"context"
	"errors"
	"strings"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

// domainCalls and sessionCalls are protocol 1.1's optional interfaces
// over a plugin (optional.go offers them).
type (
	domainCalls  struct{ p *Plugin }
	sessionCalls struct{ p *Plugin }
)

var (
	_ providers.CustomDomains = domainCalls{}
	_ providers.Sessions      = sessionCalls{}
)

func (c domainCalls) ListCustomDomains(ctx context.Context) ([]*providers.CustomDomain, error) {
	resp, err := callOptional(ctx, c.p, &domainsFeature, "ListCustomDomains", func(ctx context.Context) (*proto.ListCustomDomainsResponse, error) {
		return c.p.rpc.ListCustomDomains(ctx, &proto.ListCustomDomainsRequest{})
	})
	if err != nil {
		return nil, err
	}
	out := make([]*providers.CustomDomain, len(resp.Domains))
	for i, d := range resp.Domains {
		out[i] = proto.ToCustomDomain(d)
	}
	return out, nil
}

func (c domainCalls) GetCustomDomain(ctx context.Context, name string) (*providers.CustomDomain, error) {
	return c.domain(ctx, "GetCustomDomain", nil, func(ctx context.Context) (*proto.CustomDomainResponse, error) {
		return c.p.rpc.GetCustomDomain(ctx, &proto.GetCustomDomainRequest{Name: name})
	})
}

func (c domainCalls) CreateCustomDomain(ctx context.Context, d *providers.CustomDomain) (*providers.CustomDomain, error) {
	return c.domain(ctx, "CreateCustomDomain", d, func(ctx context.Context) (*proto.CustomDomainResponse, error) {
		return c.p.rpc.CreateCustomDomain(ctx, &proto.CustomDomainRequest{Domain: proto.FromCustomDomain(d)})
	})
}

func (c domainCalls) UpdateCustomDomain(ctx context.Context, d *providers.CustomDomain) (*providers.CustomDomain, error) {
	return c.domain(ctx, "UpdateCustomDomain", d, func(ctx context.Context) (*proto.CustomDomainResponse, error) {
		return c.p.rpc.UpdateCustomDomain(ctx, &proto.CustomDomainRequest{Domain: proto.FromCustomDomain(d)})
	})
}

// domain makes a call that answers one domain. sent is the domain the
// call carries, whose private key is masked in the error.
func (c domainCalls) domain(ctx context.Context, method string, sent *providers.CustomDomain, fn func(context.Context) (*proto.CustomDomainResponse, error)) (*providers.CustomDomain, error) {
	resp, err := callOptional(ctx, c.p, &domainsFeature, method, fn)
	if err != nil {
		if sent != nil && sent.Cert != nil {
			err = maskSecret(err, sent.Cert.PrivateKey)
		}
		return nil, err
	}
	return proto.ToCustomDomain(resp.Domain), nil
}

func (c domainCalls) DeleteCustomDomain(ctx context.Context, name string) error {
	_, err := callOptional(ctx, c.p, &domainsFeature, "DeleteCustomDomain", func(ctx context.Context) (*proto.DeleteCustomDomainResponse, error) {
		return c.p.rpc.DeleteCustomDomain(ctx, &proto.DeleteCustomDomainRequest{Name: name})
	})
	return err
}

func (c sessionCalls) ListSessions(ctx context.Context, function string) ([]*providers.Session, error) {
	resp, err := callOptional(ctx, c.p, &sessionsFeature, "ListSessions", func(ctx context.Context) (*proto.ListSessionsResponse, error) {
		return c.p.rpc.ListSessions(ctx, &proto.ListSessionsRequest{Function: function})
	})
	if err != nil {
		return nil, err
	}
	out := make([]*providers.Session, len(resp.Sessions))
	for i, s := range resp.Sessions {
		out[i] = proto.ToSession(s)
	}
	return out, nil
}

func (c sessionCalls) DeleteSession(ctx context.Context, function, id string) error {
	_, err := callOptional(ctx, c.p, &sessionsFeature, "DeleteSession", func(ctx context.Context) (*proto.DeleteSessionResponse, error) {
		return c.p.rpc.DeleteSession(ctx, &proto.DeleteSessionRequest{Function: function, Id: id})
	})
	return err
}

// maskSecret keeps a secret the host sent (a certificate's private key)
// out of the error a plugin answers with, whether the plugin echoed the
// request, or died printing it (its last words are in the error): the key
// and each line of its body are replaced. The error still matches what
// the original matched, but does not unwrap to it.
func maskSecret(err error, secret string) error {
	if err == nil || strings.TrimSpace(secret) == "" {
		return err
	}
	msg := strings.ReplaceAll(err.Error(), secret, maskedKey)
	for _, line := range strings.Split(secret, "\n") {
		// Short lines (and the PEM armour) give nothing away and would
		// mask ordinary words.
		if line = strings.TrimSpace(line); len(line) >= 16 && !strings.HasPrefix(line, "-----") {
			msg = strings.ReplaceAll(msg, line, maskedKey)
		}
	}
	if msg == err.Error() {
		return err
	}
	return &maskedError{msg: msg, orig: err}
}

const maskedKey = "(private key masked)"

type maskedError struct {
	msg  string
	orig error
}

func (e *maskedError) Error() string { return e.msg }

// Is answers for the original error without exposing it through Unwrap.
func (e *maskedError) Is(target error) bool { return errors.Is(e.orig, target) }
