package host

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

// domainCalls and sessionCalls are the optional interfaces over a plugin,
// offered (by with) only when the plugin says its provider has them: the
// engine tells a provider that manages custom domains from one that does
// not by type assertion, and must not list the domains of one that lacks
// them.
type (
	domainCalls  struct{ p *Plugin }
	sessionCalls struct{ p *Plugin }
)

var (
	_ providers.CustomDomains = domainCalls{}
	_ providers.Sessions      = sessionCalls{}
)

// with is r as a providers.Provider that also implements what the plugin
// reported in its ConfigureResponse.
func (r *remote) with(domains, sessions bool) providers.Provider {
	d, s := domainCalls{r.p}, sessionCalls{r.p}
	switch {
	case domains && sessions:
		return &struct {
			*remote
			domainCalls
			sessionCalls
		}{r, d, s}
	case domains:
		return &struct {
			*remote
			domainCalls
		}{r, d}
	case sessions:
		return &struct {
			*remote
			sessionCalls
		}{r, s}
	}
	return r
}

// callOptional is call for the calls of protocol 1.1's optional
// interfaces. They are offered only when the plugin says it has them, but
// a plugin may say so wrongly (one written in another language, or built
// against a protocol between versions): its Unimplemented answer then says
// which feature the plugin lacks, and matches errors.ErrUnsupported.
func callOptional[T any](ctx context.Context, p *Plugin, feature, method string, fn func(context.Context) (T, error)) (T, error) {
	resp, err := call(ctx, p, method, fn)
	var u *unimplementedError
	if errors.As(err, &u) {
		return resp, fmt.Errorf("provider plugin %q %s (it predates protocol %d.%d or does not implement them; it reports protocol %d.%d): %w",
			p.Name, feature, proto.ProtocolVersion, proto.ProtocolMinor, p.ProtocolVersion, p.ProtocolMinor, errors.ErrUnsupported)
	}
	return resp, err
}

const (
	noDomains  = "does not manage custom domains"
	noSessions = "does not expose sessions"
)

func (c domainCalls) ListCustomDomains(ctx context.Context) ([]*providers.CustomDomain, error) {
	resp, err := callOptional(ctx, c.p, noDomains, "ListCustomDomains", func(ctx context.Context) (*proto.ListCustomDomainsResponse, error) {
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
	resp, err := callOptional(ctx, c.p, noDomains, method, fn)
	if err != nil {
		if sent != nil && sent.Cert != nil {
			err = maskSecret(err, sent.Cert.PrivateKey)
		}
		return nil, err
	}
	return proto.ToCustomDomain(resp.Domain), nil
}

func (c domainCalls) DeleteCustomDomain(ctx context.Context, name string) error {
	_, err := callOptional(ctx, c.p, noDomains, "DeleteCustomDomain", func(ctx context.Context) (*proto.DeleteCustomDomainResponse, error) {
		return c.p.rpc.DeleteCustomDomain(ctx, &proto.DeleteCustomDomainRequest{Name: name})
	})
	return err
}

func (c sessionCalls) ListSessions(ctx context.Context, function string) ([]*providers.Session, error) {
	resp, err := callOptional(ctx, c.p, noSessions, "ListSessions", func(ctx context.Context) (*proto.ListSessionsResponse, error) {
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
	_, err := callOptional(ctx, c.p, noSessions, "DeleteSession", func(ctx context.Context) (*proto.DeleteSessionResponse, error) {
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
