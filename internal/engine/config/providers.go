package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// decodeProvider decodes a provider block against the schema the caller
// supplied for that provider name (Options.ProviderSchemas).
func (l *loader) decodeProvider(b *hcl.Block) {
	name := b.Labels[0]
	p := &Provider{Name: name, Body: b.Body, DeclRange: b.DefRange, Settings: map[string]cty.Value{}, Sensitive: map[string]bool{}}
	l.stack.Providers = append(l.stack.Providers, p)
	schema, known := l.opts.ProviderSchemas[name]
	if !known {
		known := sortedKeys(l.opts.ProviderSchemas)
		l.errorAt(b.LabelRanges[0], "Unknown provider",
			fmt.Sprintf("No provider named %q is available; the known providers are %s.%s", name, strings.Join(known, ", "), didYouMean(name, known)))
		return
	}
	if _, bad := l.checkReferences(bodyTraversals(b.Body)); bad {
		return
	}
	bodySchema := &hcl.BodySchema{}
	for _, a := range schema.Attributes {
		bodySchema.Attributes = append(bodySchema.Attributes, hcl.AttributeSchema{Name: a.Name, Required: a.Required})
	}
	content, diags := bodyContent(b.Body, bodySchema)
	l.diags = append(l.diags, diags...)
	d := &attrDecoder{ctx: l.ctx, attrs: content.Attributes, what: fmt.Sprintf("provider %q", name)}
	for _, a := range schema.Attributes {
		v, marked, ok := d.value(a.Name, a.Type)
		if !ok {
			continue
		}
		p.Settings[a.Name] = v
		if a.Sensitive || marked {
			p.Sensitive[a.Name] = true
		}
	}
	l.diags = append(l.diags, d.diags...)
}

// Provider returns the provider block to deploy with: the one named (by
// -provider), else the only one declared, else the built-in default.
func (s *Stack) Provider(name, fallback string) (*Provider, error) {
	if name != "" {
		for _, p := range s.Providers {
			if p.Name == name {
				return p, nil
			}
		}
		return &Provider{Name: name}, nil // a provider with all settings at their defaults
	}
	switch len(s.Providers) {
	case 0:
		return &Provider{Name: fallback}, nil
	case 1:
		return s.Providers[0], nil
	}
	names := make([]string, len(s.Providers))
	for i, p := range s.Providers {
		names[i] = p.Name
	}
	sort.Strings(names)
	return nil, fmt.Errorf("the stack declares several providers (%s); choose one with -provider NAME", strings.Join(names, ", "))
}
