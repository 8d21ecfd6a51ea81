package aliyun

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
)

// TagFunction adds tags and keeps the others, and never moves a function
// from one stack to another.
func TestTagFunction(t *testing.T) {
	p := newGateway(t).provider(t)
	f := wsFunction("chat", "demo")
	f.Tags["team"] = "web"
	if _, err := p.CreateFunction(ctx, f, codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	tags := func() map[string]string {
		t.Helper()
		got, err := p.GetFunction(ctx, "chat")
		if err != nil {
			t.Fatal(err)
		}
		return got.Tags
	}

	if err := p.TagFunction(ctx, "chat", map[string]string{"env": "prod"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{providers.StackTag: "demo", "team": "web", "env": "prod"}
	if got := tags(); !maps.Equal(got, want) {
		t.Errorf("tags %v, want %v", got, want)
	}
	err := p.TagFunction(ctx, "chat", map[string]string{providers.StackTag: "other"})
	if err == nil || !strings.Contains(err.Error(), `belongs to stack "demo"`) {
		t.Errorf("retagging another stack's function: %v", err)
	}
	if got := tags(); !maps.Equal(got, want) {
		t.Errorf("after the refusal, tags %v, want %v", got, want)
	}
	if err := p.TagFunction(ctx, "nosuch", map[string]string{"env": "prod"}); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("TagFunction of a missing function: %v, want ErrNotFound", err)
	}
}
