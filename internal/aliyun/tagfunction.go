package aliyun

import (
	"context"
	"fmt"
	"maps"

	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
)

// TagFunction adds tags to a function through the tag API alone, so its
// configuration, code and instances stay as they are (import).
func (p *Provider) TagFunction(ctx context.Context, name string, tags map[string]string) error {
	raw, err := p.getFunction(ctx, name)
	if err != nil {
		return err
	}
	cur := tagMap(raw.Tags)
	if owner, want := ownerOf(cur), ownerOf(tags); owner != "" && want != "" && owner != want {
		return fmt.Errorf("aliyun: function %q belongs to stack %q, not %q: wsdeploy leaves it alone", name, owner, want)
	}
	want := maps.Clone(cur)
	maps.Copy(want, tags)
	return p.syncTags(ctx, dara.StringValue(raw.FunctionArn), cur, want)
}

var _ providers.Tags = (*Provider)(nil)
