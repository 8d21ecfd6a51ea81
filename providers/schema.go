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
