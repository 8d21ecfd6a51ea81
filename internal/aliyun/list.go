package aliyun

import (
	"context"
	"errors"
	"slices"
	"strings"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
)

// listPageSize is FC's largest page; a variable so tests can page often.
var listPageSize int32 = 100

// eachPage calls fetch with "" and then with each nextToken it returns,
// until FC returns none (or the same one again, which would never end).
func eachPage(fetch func(token string) (next string, err error)) error {
	for token := ""; ; {
		next, err := fetch(token)
		if err != nil || next == "" || next == token {
			return err
		}
		token = next
	}
}

// ListFunctions lists the functions whose StackTag is stack, with their
// triggers and reserved concurrency, sorted by name. It filters on FC's
// side (the tags query) and again here, so a function of another stack is
// never returned whatever FC's filter does with it.
func (p *Provider) ListFunctions(ctx context.Context, stack string) ([]*providers.Function, error) {
	if stack == "" {
		return nil, errors.New("aliyun: ListFunctions needs a stack name")
	}
	var raws []*fc.Function
	seen := map[string]bool{}
	for token := ""; ; {
		req := &fc.ListFunctionsRequest{Limit: dara.Int32(listPageSize),
			Tags: []*fc.Tag{{Key: dara.String(providers.StackTag), Value: dara.String(stack)}}}
		if token != "" {
			req.NextToken = dara.String(token)
		}
		var page *fc.ListFunctionsOutput
		_, err := p.call(ctx, "ListFunctions", func(ctx context.Context) error {
			r, err := p.fc.ListFunctionsWithContext(ctx, req, noHeaders(), runtime())
			if err == nil {
				page = r.Body
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, f := range page.Functions {
			// A listing may leave tags out (FC filtered on them, so that
			// would not mean "no tags"): then GetFunction decides.
			if name := dara.StringValue(f.FunctionName); !seen[name] && (len(f.Tags) == 0 || tagMap(f.Tags)[providers.StackTag] == stack) {
				seen[name] = true
				raws = append(raws, f)
			}
		}
		next := dara.StringValue(page.NextToken)
		if next == "" || next == token {
			break
		}
		token = next
	}

	out := make([]*providers.Function, len(raws))
	err := forEach(ctx, len(raws), p.s.Parallelism, func(ctx context.Context, i int) error {
		raw := raws[i]
		if len(raw.Tags) == 0 {
			var err error
			if raw, err = p.getFunction(ctx, dara.StringValue(raw.FunctionName)); errors.Is(err, providers.ErrNotFound) {
				return nil // deleted since the listing
			} else if err != nil {
				return err
			}
			if tagMap(raw.Tags)[providers.StackTag] != stack {
				return nil
			}
		}
		f, err := p.complete(ctx, raw)
		if errors.Is(err, providers.ErrNotFound) {
			return nil
		}
		out[i] = f
		return err
	})
	if err != nil {
		return nil, err
	}
	out = slices.DeleteFunc(out, func(f *providers.Function) bool { return f == nil })
	slices.SortFunc(out, func(a, b *providers.Function) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
