package plugintest

import (
	"errors"
	"maps"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/providers"
)

// tagKey is the tag the tags step writes alone.
const tagKey = "plugintest-tagged"

// tagsAlone runs what `wsdeploy import` asks of a provider that implements
// providers.Tags: the stack tag written again (import's adoption) changes
// nothing; a tag written alone reads back beside the others with the rest
// of the function untouched, and the next apply removes it again (it is
// not declared); moving the function to another stack is refused; a
// missing function is ErrNotFound.
func (k *kit) tagsAlone() {
	k.t.Helper()
	tags, ok := k.p.(providers.Tags)
	if !ok {
		k.t.Logf("plugintest: %s: skipped: the provider does not implement providers.Tags", k.step)
		return
	}
	fn, missing := k.spec.function(), k.spec.stack+"-missing"
	if err := tags.TagFunction(k.ctx, missing, map[string]string{tagKey: "1"}); !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("TagFunction(%q) of a function that does not exist returned %v; want an error matching providers.ErrNotFound", missing, err)
	}
	if err := tags.TagFunction(k.ctx, fn, map[string]string{providers.StackTag: k.spec.stack}); err != nil {
		k.fatalf("TagFunction(%q) with its own stack tag (what import writes): %v", fn, err)
	}
	k.settled()

	if err := tags.TagFunction(k.ctx, fn, map[string]string{tagKey: "1"}); err != nil {
		k.fatalf("TagFunction(%q, %s=1): %v", fn, tagKey, err)
	}
	written := *k.want
	k.want = &written
	k.want.Tags = maps.Clone(written.Tags)
	if k.want.Tags == nil {
		k.want.Tags = map[string]string{}
	}
	k.want.Tags[tagKey] = "1"
	k.readBack() // the tag beside the others, nothing else changed

	other := k.spec.stack + "-other"
	if err := tags.TagFunction(k.ctx, fn, map[string]string{providers.StackTag: other}); err == nil {
		k.fatalf("TagFunction(%q) moved the function to stack %q; a provider must refuse to change the %s tag of a function another stack owns", fn, other, providers.StackTag)
	}
	k.readBack() // still this stack's

	k.apply(map[string]plan.Action{fnAddr: plan.Update}, false)
	k.settled()
}
