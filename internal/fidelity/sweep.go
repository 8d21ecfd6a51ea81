package fidelity

import (
	"context"
	"errors"
	"fmt"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

// Sweep deletes the functions that runs which crashed before their
// cleanups left behind: named Prefix*, carrying RunTag, created before
// cutoff. A function that lacks the tag, or whose age cannot be read, is
// left alone. It returns the names it deleted.
func (tg *Target) Sweep(ctx context.Context, cutoff time.Time) ([]string, error) {
	var swept []string
	var errs []error
	for token := ""; ; {
		req := &fc.ListFunctionsRequest{Prefix: dara.String(Prefix), Limit: dara.Int32(100)}
		if token != "" {
			req.NextToken = dara.String(token)
		}
		res, err := tg.sdk.ListFunctionsWithContext(ctx, req, map[string]*string{}, &dara.RuntimeOptions{})
		if err != nil {
			return swept, fmt.Errorf("listing functions named %s*: %w", Prefix, err)
		}
		for _, f := range res.Body.Functions {
			name := dara.StringValue(f.FunctionName)
			if ok, err := tg.stale(ctx, f, cutoff); err != nil {
				errs = append(errs, err)
				continue
			} else if !ok {
				continue
			}
			if err := tg.remove(ctx, name); err != nil {
				errs = append(errs, fmt.Errorf("deleting %s: %w", name, err))
				continue
			}
			swept = append(swept, name)
		}
		next := dara.StringValue(res.Body.NextToken)
		if next == "" || next == token {
			break
		}
		token = next
	}
	return swept, errors.Join(errs...)
}

// stale says whether f, as listed, is a tagged leftover created before
// cutoff. A listing may leave tags out: then GetFunction decides.
func (tg *Target) stale(ctx context.Context, f *fc.Function, cutoff time.Time) (bool, error) {
	if len(f.Tags) == 0 || dara.StringValue(f.CreatedTime) == "" {
		res, err := tg.sdk.GetFunctionWithContext(ctx, f.FunctionName, &fc.GetFunctionRequest{}, map[string]*string{}, &dara.RuntimeOptions{})
		if err != nil {
			return false, fmt.Errorf("reading %s: %w", dara.StringValue(f.FunctionName), err)
		}
		f = res.Body
	}
	tagged := false
	for _, t := range f.Tags {
		tagged = tagged || dara.StringValue(t.Key) == RunTag
	}
	created, ok := parseTime(dara.StringValue(f.CreatedTime))
	return tagged && ok && created.Before(cutoff), nil
}

// timeLayouts are how FC writes createdTime: RFC 3339 in FC 3.0's API
// reference ("2023-05-01T08:15:27Z"); FC 2.0 wrote milliseconds and an
// offset, kept in case some answers still do (unconfirmed).
var timeLayouts = []string{time.RFC3339, "2006-01-02T15:04:05.000Z0700"}

func parseTime(s string) (time.Time, bool) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
