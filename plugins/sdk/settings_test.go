package sdk

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestSettingsAccessors(t *testing.T) {
	s := Settings{values: map[string]cty.Value{
		"dir":   cty.StringVal("/x"),
		"n":     cty.NumberIntVal(42),
		"on":    cty.True,
		"unset": cty.NullVal(cty.String),
	}, sensitive: map[string]bool{"dir": true}}
	if s.String("dir") != "/x" || s.Int("n") != 42 || !s.Bool("on") || !s.Sensitive("dir") {
		t.Errorf("values: %q %d %v %v", s.String("dir"), s.Int("n"), s.Bool("on"), s.Sensitive("dir"))
	}
	// Absent, null and mistyped settings read as zero values.
	if s.Has("unset") || s.Has("missing") || s.String("unset") != "" || s.String("n") != "" || s.Int("dir") != 0 || s.Bool("missing") {
		t.Error("an unset or mistyped setting did not read as its zero value")
	}
}
