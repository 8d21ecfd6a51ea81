package proto

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/wsdeploy/wsdeploy/providers"
)

// EncodeSettings is a provider block's settings as Configure's JSON object:
// each value in cty's JSON encoding of its own type.
func EncodeSettings(settings map[string]cty.Value) ([]byte, error) {
	obj := map[string]json.RawMessage{}
	for _, name := range slices.Sorted(maps.Keys(settings)) {
		v := settings[name]
		raw, err := ctyjson.Marshal(v, v.Type())
		if err != nil {
			return nil, fmt.Errorf("setting %q: %w", name, err)
		}
		obj[name] = raw
	}
	return json.Marshal(obj)
}

// DecodeSettings reads Configure's JSON object against the schema: every
// setting must be declared and of its type, and every required one there.
func DecodeSettings(raw []byte, schema providers.Schema) (map[string]cty.Value, error) {
	obj := map[string]json.RawMessage{}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, fmt.Errorf("the settings are not a JSON object: %w", err)
		}
	}
	out := map[string]cty.Value{}
	declared := map[string]bool{}
	for _, a := range schema.Attributes {
		declared[a.Name] = true
		r, ok := obj[a.Name]
		if !ok {
			if a.Required {
				return nil, fmt.Errorf("the required setting %q is missing", a.Name)
			}
			continue
		}
		v, err := ctyjson.Unmarshal(r, a.Type)
		if err != nil {
			return nil, fmt.Errorf("setting %q: want %s: %w", a.Name, a.Type.FriendlyName(), err)
		}
		if v.IsNull() && a.Required {
			return nil, fmt.Errorf("the required setting %q is null", a.Name)
		}
		out[a.Name] = v
	}
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		if !declared[name] {
			return nil, fmt.Errorf("%q is not a setting of this provider", name)
		}
	}
	return out, nil
}
