package providers

import "github.com/zclconf/go-cty/cty"

// Schema describes the settings a provider block accepts. Built-in providers
// declare theirs in Go; plugins report theirs over the plugin protocol, so
// internal/engine/config validates both the same way.
type Schema struct {
	Attributes []SchemaAttribute
}

// SchemaAttribute is one setting of a provider block.
type SchemaAttribute struct {
	Name        string
	Type        cty.Type
	Required    bool
	Sensitive   bool // never printed: masked in plans, logs and errors
	Description string
}

// StringSetting is the string setting name of a provider block's decoded
// settings, "" when it is unset, null or not yet known. Providers decode
// their Settings with it beside their Schema.
func StringSetting(settings map[string]cty.Value, name string) string {
	if v, ok := settings[name]; ok && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
		return v.AsString()
	}
	return ""
}
