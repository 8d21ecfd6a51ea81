package hclfmt

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Format returns src in canonical layout. When src has syntax errors it
// returns nil and the parser's diagnostics, so the caller leaves the file as
// it is; filename is only used in those diagnostics' ranges.
//
// hclwrite can join tokens that must stay apart ("0.0 .0" becomes "0.0.0",
// found by FuzzFormat), so a result that no longer parses is dropped and src
// is returned unchanged: fmt must never break a valid file.
func Format(filename string, src []byte) ([]byte, hcl.Diagnostics) {
	if _, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos); diags.HasErrors() {
		return nil, diags
	}
	out := hclwrite.Format(src)
	if _, diags := hclsyntax.ParseConfig(out, filename, hcl.InitialPos); diags.HasErrors() {
		return src, nil
	}
	return out, nil
}
