package config

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// diagSet lists diagnostics as "severity: summary @line:col", the whole set
// a user sees, so a test can say that nothing else is reported.
func diagSet(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		at := ""
		if d.Subject != nil {
			at = fmt.Sprintf(" @%d:%d", d.Subject.Start.Line, d.Subject.Start.Column)
		}
		out = append(out, sev+": "+d.Summary+at)
	}
	return out
}

// An error is reported once, where it is; values derived from what could
// not be evaluated are not reported again as "not known before apply", and
// the function they feed is not checked against defaults standing in for
// them (issue 13, item 11).
func TestErrorsDoNotCascade(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{name: "cycle in locals", want: []string{"error: Cycle in references @2:3"}, src: `locals {
  a = local.b
  b = local.a
  c = local.a + 600
}
function "chat" {
  code        = "./src"
  command     = ["./server"]
  timeout     = local.c
  description = local.a
  http_trigger "ws" {}
  smoke {
    enabled = false
  }
}
`},
		{name: "cycle through a collection", want: []string{"error: Cycle in references @2:3"}, src: `locals {
  a = { timeout = local.b }
  b = local.a.timeout
}
function "chat" {
  code    = "./src"
  command = [local.a.timeout]
  timeout = local.a.timeout
  http_trigger "ws" {}
  smoke {
    enabled = false
  }
}
`},
		{name: "variable default refers to a variable", want: []string{"error: Variables not allowed @5:13"}, src: `variable "v" {
  default = "x"
}
variable "w" {
  default = var.v
}
function "chat" {
  code        = "./src"
  command     = ["./server"]
  timeout     = 600
  description = var.w
  http_trigger "ws" {}
  smoke {
    enabled = false
  }
}
`},
		{name: "variable default calls a function", want: []string{"error: Function calls not allowed @2:13"}, src: `variable "w" {
  default = upper("x")
}
function "chat" {
  code        = "./src"
  command     = ["./server"]
  timeout     = 600
  description = var.w
  http_trigger "ws" {}
  smoke {
    enabled = false
  }
}
`},
		{name: "required variable without a value", want: []string{"error: No value for required variable @1:1"}, src: `variable "t" {
  type = number
}
function "chat" {
  code    = "./src"
  command = ["./server"]
  timeout = var.t
  http_trigger "ws" {}
  smoke {
    enabled = false
  }
}
`},
		{name: "a function refers to one in error", want: []string{"error: Cycle in references @2:3"}, src: `locals {
  a = local.a
}
function "chat" {
  code        = "./src"
  command     = ["./server"]
  timeout     = 600
  description = local.a
  http_trigger "ws" {}
  smoke {
    enabled = false
  }
}
function "other" {
  code        = "./src"
  command     = ["./server"]
  timeout     = 600
  description = function.chat.description
  http_trigger "ws" {}
  smoke {
    enabled = false
  }
}
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags, _ := loadMain(t, tc.src, Options{})
			if got := diagSet(diags); !slices.Equal(got, tc.want) {
				t.Errorf("diagnostics:\n%s\nwant exactly %q", listDiags(diags), tc.want)
			}
		})
	}
}
