package aliyun

import (
	"context"
	"slices"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// syncTags makes a function's tags want: UpdateFunction cannot change tags,
// so changed and new keys go through TagResources and removed keys through
// UntagResources. Setting comes first, so the stack tag is never missing.
func (p *Provider) syncTags(ctx context.Context, arn string, cur, want map[string]string) error {
	var set []*fc.Tag
	for _, t := range tagList(want) {
		if v, ok := cur[*t.Key]; !ok || v != *t.Value {
			set = append(set, t)
		}
	}
	var remove []string
	for k := range cur {
		if _, ok := want[k]; !ok {
			remove = append(remove, k)
		}
	}
	slices.Sort(remove)
	if len(set) > 0 {
		in := &fc.TagResourcesInput{ResourceId: []*string{dara.String(arn)}, ResourceType: dara.String(fcspec.TagResourceFunction), Tag: set}
		if _, err := p.call(ctx, "TagResources", func(ctx context.Context) error {
			_, err := p.fc.TagResourcesWithContext(ctx, &fc.TagResourcesRequest{Body: in}, noHeaders(), runtime())
			return err
		}); err != nil {
			return err
		}
	}
	if len(remove) > 0 {
		req := &fc.UntagResourcesRequest{ResourceId: []*string{dara.String(arn)}, ResourceType: dara.String(fcspec.TagResourceFunction), TagKey: dara.StringSlice(remove)}
		if _, err := p.call(ctx, "UntagResources", func(ctx context.Context) error {
			_, err := p.fc.UntagResourcesWithContext(ctx, req, noHeaders(), runtime())
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}
