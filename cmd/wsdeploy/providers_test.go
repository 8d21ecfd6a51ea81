package main

import (
	"reflect"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// Each built-in provider decodes every setting its Schema declares: a
// setting added to a Schema and not to its DecodeSettings would be
// accepted by validate and silently ignored by the provider.
func TestProviderSettingsFollowSchemas(t *testing.T) {
	decoders := map[string]func(map[string]cty.Value) any{
		local.Name:  func(s map[string]cty.Value) any { return local.DecodeSettings(s) },
		aliyun.Name: func(s map[string]cty.Value) any { return aliyun.DecodeSettings(s) },
	}
	for name, schema := range providerSchemas() {
		decode := decoders[name]
		if decode == nil {
			t.Errorf("provider %q has a Schema but no DecodeSettings in this test", name)
			continue
		}
		for _, attr := range schema.Attributes {
			value := "value of " + attr.Name
			got := decode(map[string]cty.Value{attr.Name: cty.StringVal(value)})
			if !hasString(reflect.ValueOf(got), value) {
				t.Errorf("provider %q: setting %q is not decoded: %+v", name, attr.Name, got)
			}
		}
		// Unset, null and unknown settings decode as "" (the defaults).
		unset := map[string]cty.Value{}
		for _, attr := range schema.Attributes {
			unset[attr.Name] = cty.NullVal(cty.String)
		}
		if got := decode(unset); !reflect.ValueOf(got).IsZero() {
			t.Errorf("provider %q: null settings decode as %+v", name, got)
		}
	}
	if got := providers.StringSetting(map[string]cty.Value{"a": cty.UnknownVal(cty.String)}, "a"); got != "" {
		t.Errorf("an unknown setting decodes as %q", got)
	}
}

// hasString reports whether the struct v has a string field equal to s.
func hasString(v reflect.Value, s string) bool {
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String && f.String() == s {
			return true
		}
	}
	return false
}
