package proto

import (
	"fmt"

	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/wsdeploy/wsdeploy/providers"
)

// FromSchema is s as a message; attribute types go as cty's JSON type
// notation, which any language can write ("string", ["list","string"]).
func FromSchema(s providers.Schema) (*GetSchemaResponse, error) {
	m := &GetSchemaResponse{}
	for _, a := range s.Attributes {
		typ, err := ctyjson.MarshalType(a.Type)
		if err != nil {
			return nil, fmt.Errorf("setting %q: type %s: %w", a.Name, a.Type.FriendlyName(), err)
		}
		m.Attributes = append(m.Attributes, &SchemaAttribute{Name: a.Name, Type: string(typ),
			Required: a.Required, Sensitive: a.Sensitive, Description: a.Description})
	}
	return m, nil
}

// ToSchema is m as a providers.Schema.
func ToSchema(m *GetSchemaResponse) (providers.Schema, error) {
	var s providers.Schema
	for _, a := range m.GetAttributes() {
		typ, err := ctyjson.UnmarshalType([]byte(a.Type))
		if err != nil {
			return s, fmt.Errorf("setting %q has type %q, which is not a cty type in JSON notation (such as \"string\" or [\"list\",\"string\"]): %w", a.Name, a.Type, err)
		}
		s.Attributes = append(s.Attributes, providers.SchemaAttribute{Name: a.Name, Type: typ,
			Required: a.Required, Sensitive: a.Sensitive, Description: a.Description})
	}
	return s, nil
}
