package sdk

import (
	"math/big"

	"github.com/zclconf/go-cty/cty"
)

// Settings are the provider block's values, decoded against the schema:
// every required setting is there, every value has its declared type.
type Settings struct {
	values    map[string]cty.Value
	sensitive map[string]bool
}

// Value is the setting's value; cty.NilVal when the block omits it.
func (s Settings) Value(name string) cty.Value { return s.values[name] }

// Has reports whether the block sets name to a non-null value.
func (s Settings) Has(name string) bool {
	v, ok := s.values[name]
	return ok && !v.IsNull()
}

// Sensitive reports whether the value must never be logged or echoed.
func (s Settings) Sensitive(name string) bool { return s.sensitive[name] }

// String is a string setting's value, or "" when it is not set.
func (s Settings) String(name string) string {
	if !s.Has(name) || s.values[name].Type() != cty.String {
		return ""
	}
	return s.values[name].AsString()
}

// Bool is a bool setting's value, or false when it is not set.
func (s Settings) Bool(name string) bool {
	return s.Has(name) && s.values[name].Type() == cty.Bool && s.values[name].True()
}

// Int is a number setting's value as an int, or 0 when it is not set.
func (s Settings) Int(name string) int {
	if !s.Has(name) || s.values[name].Type() != cty.Number {
		return 0
	}
	i, _ := s.values[name].AsBigFloat().Int(new(big.Int))
	return int(i.Int64())
}
