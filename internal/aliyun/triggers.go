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

// CreateTrigger creates an HTTP trigger. If FC says it exists, it is read
// back and accepted when it matches t (an earlier attempt's lost answer, or
// a previous run).
func (p *Provider) CreateTrigger(ctx context.Context, function string, t *providers.HTTPTrigger) (*providers.HTTPTrigger, error) {
	want := providers.NormalizeTrigger(t)
	in := &fc.CreateTriggerInput{
		TriggerName:   dara.String(want.Name),
		TriggerType:   dara.String(fcspec.TriggerTypeHTTP),
		TriggerConfig: dara.String(triggerConfig(want)),
		Description:   dara.String(want.Description),
		Qualifier:     dara.String(fcspec.QualifierLatest),
	}
	var raw *fc.Trigger
	attempts, err := p.call(ctx, "CreateTrigger", func(ctx context.Context) error {
		r, err := p.fc.CreateTriggerWithContext(ctx, dara.String(function), &fc.CreateTriggerRequest{Body: in}, noHeaders(), runtime())
		if err == nil {
			raw = r.Body
		}
		return err
	})
	if isCode(err, fcspec.CodeTriggerAlreadyExists) {
		got, gerr := p.getTrigger(ctx, function, want.Name)
		switch {
		case gerr != nil:
			return nil, err
		case !sameTrigger(want, got):
			return nil, fmt.Errorf("%w; it differs from this declaration: run plan again", err)
		}
		if attempts == 1 { // as in CreateFunction
			providers.ReportExisted(ctx)
		}
		return got, nil
	}
	if err != nil {
		return nil, err
	}
	return fromFCTrigger(function, raw)
}

// UpdateTrigger replaces an HTTP trigger's configuration and description.
func (p *Provider) UpdateTrigger(ctx context.Context, function string, t *providers.HTTPTrigger) (*providers.HTTPTrigger, error) {
	want := providers.NormalizeTrigger(t)
	in := &fc.UpdateTriggerInput{
		TriggerConfig: dara.String(triggerConfig(want)),
		Description:   dara.String(want.Description),
	}
	var raw *fc.Trigger
	_, err := p.call(ctx, "UpdateTrigger", func(ctx context.Context) error {
		r, err := p.fc.UpdateTriggerWithContext(ctx, dara.String(function), dara.String(want.Name), &fc.UpdateTriggerRequest{Body: in}, noHeaders(), runtime())
		if err == nil {
			raw = r.Body
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return fromFCTrigger(function, raw)
}

// DeleteTrigger deletes a trigger. A not-found after a retry means an
// earlier attempt did it.
func (p *Provider) DeleteTrigger(ctx context.Context, function, trigger string) error {
	attempts, err := p.call(ctx, "DeleteTrigger", func(ctx context.Context) error {
		_, err := p.fc.DeleteTriggerWithContext(ctx, dara.String(function), dara.String(trigger), noHeaders(), runtime())
		return err
	})
	if attempts > 1 && errors.Is(err, providers.ErrNotFound) {
		return nil
	}
	return err
}

func (p *Provider) getTrigger(ctx context.Context, function, name string) (*providers.HTTPTrigger, error) {
	var raw *fc.Trigger
	_, err := p.call(ctx, "GetTrigger", func(ctx context.Context) error {
		r, err := p.fc.GetTriggerWithContext(ctx, dara.String(function), dara.String(name), noHeaders(), runtime())
		if err == nil {
			raw = r.Body
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if typ := dara.StringValue(raw.TriggerType); typ != fcspec.TriggerTypeHTTP {
		return nil, fmt.Errorf("aliyun: trigger %q of function %q is a %s trigger, not http", name, function, typ)
	}
	return fromFCTrigger(function, raw)
}

// listTriggers returns a function's HTTP triggers and the names of its
// other triggers, both sorted by name.
func (p *Provider) listTriggers(ctx context.Context, function string) ([]*providers.HTTPTrigger, []string, error) {
	var (
		http  []*providers.HTTPTrigger
		other []string
	)
	for token := ""; ; {
		req := &fc.ListTriggersRequest{Limit: dara.Int32(listPageSize)}
		if token != "" {
			req.NextToken = dara.String(token)
		}
		var page *fc.ListTriggersOutput
		_, err := p.call(ctx, "ListTriggers", func(ctx context.Context) error {
			r, err := p.fc.ListTriggersWithContext(ctx, dara.String(function), req, noHeaders(), runtime())
			if err == nil {
				page = r.Body
			}
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		for _, raw := range page.Triggers {
			if dara.StringValue(raw.TriggerType) != fcspec.TriggerTypeHTTP {
				other = append(other, dara.StringValue(raw.TriggerName))
				continue
			}
			t, err := fromFCTrigger(function, raw)
			if err != nil {
				return nil, nil, err
			}
			http = append(http, t)
		}
		next := dara.StringValue(page.NextToken)
		if next == "" || next == token {
			break
		}
		token = next
	}
	slices.SortFunc(http, func(a, b *providers.HTTPTrigger) int { return strings.Compare(a.Name, b.Name) })
	slices.Sort(other)
	return http, other, nil
}
