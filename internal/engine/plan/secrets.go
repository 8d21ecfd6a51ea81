package plan

import (
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// maskText replaces secrets in error texts and build output.
const maskText = "(sensitive value)"

// shortSecret is the length under which a secret masks only values equal
// to it: a sensitive "1" must not mask every value containing a 1.
const shortSecret = 6

// secrets are the values the stack says are secret: sensitive variables
// (every string or number inside them), sensitive provider settings,
// environment values under sensitive keys and the private keys of custom
// domains. A value holding one is masked wherever it appears, whichever
// attribute it flowed into.
type secrets struct {
	values []string // longest first, so scrubbing replaces whole secrets
}

func secretsOf(stack *config.Stack) secrets {
	var s secrets
	for _, v := range stack.Variables {
		if v.Sensitive {
			s.addValue(v.Value)
		}
	}
	for _, p := range stack.Providers {
		for name, sensitive := range p.Sensitive {
			if sensitive {
				s.addValue(p.Settings[name])
			}
		}
	}
	for _, f := range stack.Functions {
		for k, sensitive := range f.SensitiveEnv {
			if sensitive {
				s.add(f.Environment[k])
			}
		}
	}
	for _, d := range stack.Domains {
		for _, v := range d.Secrets() { // the key, and its PEM body's lines
			s.add(v)
		}
	}
	slices.SortFunc(s.values, func(a, b string) int { return len(b) - len(a) })
	s.values = slices.Compact(s.values)
	return s
}

func (s *secrets) add(v string) {
	if v != "" && !slices.Contains(s.values, v) {
		s.values = append(s.values, v)
	}
}

// addValue adds the strings and numbers inside v (bools are not secrets
// anyone could mask by value).
func (s *secrets) addValue(v cty.Value) {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() {
		return
	}
	v, _ = v.UnmarkDeep()
	switch ty := v.Type(); {
	case ty == cty.String:
		s.add(v.AsString())
	case ty == cty.Number:
		s.add(v.AsBigFloat().Text('f', -1))
	case ty.IsCollectionType() || ty.IsObjectType() || ty.IsTupleType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			s.addValue(e)
		}
	}
}

// in reports whether text holds a secret.
func (s secrets) in(text string) bool {
	for _, v := range s.values {
		if text == v || len(v) >= shortSecret && strings.Contains(text, v) {
			return true
		}
	}
	return false
}

// scrub replaces the secrets long enough to find inside text.
func (s secrets) scrub(text string) string {
	for _, v := range s.values {
		if len(v) >= shortSecret {
			text = strings.ReplaceAll(text, v, maskText)
		}
	}
	return text
}
