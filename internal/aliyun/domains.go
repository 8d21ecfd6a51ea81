package aliyun

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

var _ providers.CustomDomains = (*Provider)(nil)

// ListCustomDomains returns every custom domain of the account in the
// region, sorted by name, following nextToken to the last page.
func (p *Provider) ListCustomDomains(ctx context.Context) ([]*providers.CustomDomain, error) {
	var out []*providers.CustomDomain
	err := eachPage(func(token string) (string, error) {
		req := &fc.ListCustomDomainsRequest{Limit: dara.Int32(listPageSize)}
		if token != "" {
			req.NextToken = dara.String(token)
		}
		var page *fc.ListCustomDomainOutput
		_, err := p.call(ctx, "ListCustomDomains", func(ctx context.Context) error {
			r, err := p.fc.ListCustomDomainsWithContext(ctx, req, noHeaders(), runtime())
			if err == nil {
				page = r.Body
			}
			return err
		})
		if err != nil {
			return "", err
		}
		for _, raw := range page.CustomDomains {
			if raw != nil {
				out = append(out, fromFCDomain(raw))
			}
		}
		return dara.StringValue(page.NextToken), nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *providers.CustomDomain) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// GetCustomDomain reads one domain; FC's DomainNameNotFound is
// providers.ErrNotFound.
func (p *Provider) GetCustomDomain(ctx context.Context, name string) (*providers.CustomDomain, error) {
	var raw *fc.CustomDomain
	_, err := p.call(ctx, "GetCustomDomain", func(ctx context.Context) error {
		r, err := p.fc.GetCustomDomainWithContext(ctx, dara.String(strings.ToLower(name)), noHeaders(), runtime())
		if err == nil {
			raw = r.Body
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return fromFCDomain(raw), nil
}

// CreateCustomDomain creates d. If FC says it exists, it is read back and
// accepted when it matches d (an earlier attempt's lost answer, or a
// previous run); otherwise FC's error stands, with why.
func (p *Provider) CreateCustomDomain(ctx context.Context, d *providers.CustomDomain) (*providers.CustomDomain, error) {
	want := providers.NormalizeDomain(d)
	if err := p.checkDomain(want); err != nil {
		return nil, err
	}
	var raw *fc.CustomDomain
	_, err := p.call(ctx, "CreateCustomDomain", func(ctx context.Context) error {
		r, err := p.fc.CreateCustomDomainWithContext(ctx, &fc.CreateCustomDomainRequest{Body: createDomainInput(want)}, noHeaders(), runtime())
		if err == nil {
			raw = r.Body
		}
		return err
	})
	err = withoutKey(err, want.Cert)
	if isCode(err, fcspec.CodeDomainNameAlreadyExists) {
		got, gerr := p.GetCustomDomain(ctx, want.Name)
		switch {
		case gerr != nil:
			return nil, err
		case !sameDomain(want, got):
			return nil, fmt.Errorf("%w; it differs from this declaration (or belongs to another stack): run plan again", err)
		}
		return got, nil
	}
	if err != nil {
		return nil, err
	}
	return fromFCDomain(raw), nil
}

// UpdateCustomDomain makes the domain named d.Name match d. FC keeps what
// an update leaves out, so every field is sent, and a certificate or TLS
// policy the domain no longer has is sent empty (updateDomainInput), which
// needs the domain as it is first.
func (p *Provider) UpdateCustomDomain(ctx context.Context, d *providers.CustomDomain) (*providers.CustomDomain, error) {
	want := providers.NormalizeDomain(d)
	if err := p.checkDomain(want); err != nil {
		return nil, err
	}
	cur, err := p.GetCustomDomain(ctx, want.Name)
	if err != nil {
		return nil, withoutKey(err, want.Cert)
	}
	var raw *fc.CustomDomain
	_, err = p.call(ctx, "UpdateCustomDomain", func(ctx context.Context) error {
		r, err := p.fc.UpdateCustomDomainWithContext(ctx, dara.String(want.Name), &fc.UpdateCustomDomainRequest{Body: updateDomainInput(want, cur)}, noHeaders(), runtime())
		if err == nil {
			raw = r.Body
		}
		return err
	})
	if err = withoutKey(err, want.Cert); err != nil {
		return nil, err
	}
	return fromFCDomain(raw), nil
}

// DeleteCustomDomain deletes a domain. A not-found after a retry means an
// earlier attempt did it.
func (p *Provider) DeleteCustomDomain(ctx context.Context, name string) error {
	attempts, err := p.call(ctx, "DeleteCustomDomain", func(ctx context.Context) error {
		_, err := p.fc.DeleteCustomDomainWithContext(ctx, dara.String(strings.ToLower(name)), noHeaders(), runtime())
		return err
	})
	if attempts > 1 && errors.Is(err, providers.ErrNotFound) {
		return nil
	}
	return err
}

// issuesCertificates reports whether the target issues a certificate for
// an HTTPS domain that comes without one: the local gateway does (from its
// local CA), FC does not.
func (p *Provider) issuesCertificates() bool {
	return p.s.Name == gatewayName
}
