package hclfmt

import (
	"bytes"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// FuzzFormat checks that Format never panics, that it never turns a file that
// parses into one that does not, and that formatting is idempotent.
func FuzzFormat(f *testing.F) {
	for _, seed := range []string{
		messy,
		tidy,
		"",
		"a = 1",
		"# comment\nb {\n}\n",
		"x = <<EOT\n  heredoc\nEOT\n",
		"m = { a = 1, \"b\" = [1, 2,\n3] }\n",
		"f = var.x ? \"y\" : \"z\"\nl = [for v in var.l : v if v != \"\"]\n",
		"function \"chat\" {\n  runtime = \n",
		"t = \"${var.a}-%{if true}x%{endif}\"\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		once, diags := Format("fuzz.hcl", src)
		if diags.HasErrors() {
			if once != nil {
				t.Fatalf("output for a file with syntax errors: %q", once)
			}
			return
		}
		if _, diags := hclsyntax.ParseConfig(once, "fuzz.hcl", hcl.InitialPos); diags.HasErrors() {
			t.Fatalf("formatting broke a valid file:\n%q\nbecame\n%q\n%s", src, once, diags.Error())
		}
		twice, _ := Format("fuzz.hcl", once)
		if !bytes.Equal(once, twice) {
			t.Fatalf("not idempotent:\n%q\nthen\n%q", once, twice)
		}
	})
}
