package aliyun

import (
	"context"
	"errors"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
)

var _ providers.Sessions = (*Provider)(nil)

// ListSessions returns every session of a function (FC's ListSessions,
// all qualifiers and statuses), following nextToken to the last page, in
// FC's order.
func (p *Provider) ListSessions(ctx context.Context, function string) ([]*providers.Session, error) {
	var out []*providers.Session
	err := eachPage(func(token string) (string, error) {
		req := &fc.ListSessionsRequest{Limit: dara.Int32(listPageSize)}
		if token != "" {
			req.NextToken = dara.String(token)
		}
		var page *fc.ListSessionsOutput
		_, err := p.call(ctx, "ListSessions", func(ctx context.Context) error {
			r, err := p.fc.ListSessionsWithContext(ctx, dara.String(function), req, noHeaders(), runtime())
			if err == nil {
				page = r.Body
			}
			return err
		})
		if err != nil {
			return "", err
		}
		for _, s := range page.Sessions {
			if s != nil {
				out = append(out, fromFCSession(function, s))
			}
		}
		return dara.StringValue(page.NextToken), nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteSession ends a session (FC's DeleteSession): its id no longer
// binds an instance. A not-found after a retry means an earlier attempt
// did it.
func (p *Provider) DeleteSession(ctx context.Context, function, id string) error {
	attempts, err := p.call(ctx, "DeleteSession", func(ctx context.Context) error {
		_, err := p.fc.DeleteSessionWithContext(ctx, dara.String(function), dara.String(id), &fc.DeleteSessionRequest{}, noHeaders(), runtime())
		return err
	})
	if attempts > 1 && errors.Is(err, providers.ErrNotFound) {
		return nil
	}
	return err
}

func fromFCSession(function string, s *fc.Session) *providers.Session {
	out := &providers.Session{
		ID:           dara.StringValue(s.SessionId),
		Function:     dara.StringValue(s.FunctionName),
		Qualifier:    dara.StringValue(s.Qualifier),
		InstanceID:   dara.StringValue(s.ContainerId),
		AffinityType: dara.StringValue(s.SessionAffinityType),
		Status:       dara.StringValue(s.SessionStatus),
		TTL:          int(dara.Int64Value(s.SessionTTLInSeconds)),
		IdleTimeout:  int(dara.Int64Value(s.SessionIdleTimeoutInSeconds)),
		Created:      dara.StringValue(s.CreatedTime),
		LastModified: dara.StringValue(s.LastModifiedTime),
	}
	if out.Function == "" {
		out.Function = function
	}
	return out
}
