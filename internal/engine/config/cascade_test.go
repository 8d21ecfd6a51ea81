package config

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// An error is reported once, where it is; values derived from what could
// not be evaluated are not reported again as "not known before apply", and
// the function they feed is not checked against defaults standing in for
// them (issue 13, item 11).
var cascadeRules = []ruleCase{
	{name: "cycle in locals", summary: "Cycle in references", detail: "local.a → local.b → local.a",
		src: `locals {
  ⟪a = local.b
  b = local.a
  c = local.a + 600
}
` + chatWith(`  timeout     = local.c
  description = local.a`)},
	{name: "cycle through a collection", summary: "Cycle in references", detail: "local.a → local.b → local.a",
		src: `locals {
  ⟪a = { timeout = local.b }
  b = local.a.timeout
}
` + chatWith(`  args    = [local.a.timeout]
  timeout = local.a.timeout`)},
	{name: "variable default refers to a variable", summary: "Variables not allowed", detail: "may not be used here",
		src: `variable "v" {
  default = "x"
}
variable "w" {
  default = ⟪var.v
}
` + chatWith(`  timeout     = 600
  description = var.w`)},
	{name: "variable default calls a function", summary: "Function calls not allowed", detail: "may not be called here",
		src: `variable "w" {
  default = ⟪upper("x")
}
` + chatWith(`  timeout     = 600
  description = var.w`)},
	{name: "required variable without a value", summary: "No value for required variable", detail: "-var t=VALUE",
		src: `⟪variable "t" {
  type = number
}
` + chatWith(`  timeout = var.t`)},
	{name: "a function refers to one in error", summary: "Cycle in references", detail: "local.a → local.a",
		src: `locals {
  ⟪a = local.a
}
` + chatWith(`  timeout     = 600
  description = local.a`) + `function "other" {
  code        = "./src"
  command     = ["./server"]
  timeout     = 600
  description = function.chat.description
}
`},
}

func TestErrorsDoNotCascade(t *testing.T) {
	for _, tc := range cascadeRules {
		t.Run(tc.name, func(t *testing.T) { checkOnly(t, tc, hcl.DiagError) })
	}
}
