package config

import (
	"strings"
	"testing"
)

// Diagnostics that quote a refused value never quote one that came from a
// sensitive variable: it is masked as in plans, even when short (a token
// of its own), and values that merely contain it are left alone.
func TestDiagnosticsMaskSensitiveValues(t *testing.T) {
	src := `
variable "big" {
  type      = number
  sensitive = true
  default   = 987654
}
variable "auth" {
  sensitive = true
}
variable "port" {
  type      = number
  sensitive = true
  default   = 70000
}
function "app" {
  code        = "./src"
  command     = ["./server"]
  timeout     = var.big
  memory_size = var.big
  port        = var.port
  http_trigger "ws" {
    auth_type = var.auth
  }
}
`
	_, diags, _ := loadMain(t, src, Options{Vars: []VarArg{{Assignment: "auth=sek-auth-type-4e1d"}}, Environ: []string{}})
	if !diags.HasErrors() {
		t.Fatal("the stack loaded without errors")
	}
	var text strings.Builder
	for _, d := range diags {
		text.WriteString(d.Summary + ": " + d.Detail + "\n")
	}
	for _, secret := range []string{"987654", "sek-auth-type-4e1d", "70000"} {
		if strings.Contains(text.String(), secret) {
			t.Errorf("a diagnostic prints the sensitive %q:\n%s", secret, text.String())
		}
	}
	if n := strings.Count(text.String(), maskText); n < 4 {
		t.Errorf("%d masks, want one per refused value:\n%s", n, text.String())
	}
}

func TestScrubKeepsWordsThatContainAShortSecret(t *testing.T) {
	got := scrub(`port is 80; 8080 and "80" and x80`, []string{"80"})
	want := `port is (sensitive value); 8080 and "(sensitive value)" and x80`
	if got != want {
		t.Errorf("scrub: %q, want %q", got, want)
	}
}
