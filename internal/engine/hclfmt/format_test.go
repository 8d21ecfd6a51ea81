package hclfmt

import (
	"bytes"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

const messy = `function "chat" {
runtime="custom.debian10"
  memory_size   =   512
  environment = {
    A = "1"
    LONGER = "2"
  }
}
`

const tidy = `function "chat" {
  runtime     = "custom.debian10"
  memory_size = 512
  environment = {
    A      = "1"
    LONGER = "2"
  }
}
`

func TestFormatCanonicalLayout(t *testing.T) {
	got, diags := Format("main.hcl", []byte(messy))
	if diags.HasErrors() {
		t.Fatalf("unexpected diagnostics: %s", diags.Error())
	}
	if string(got) != tidy {
		t.Errorf("Format:\n%s\nwant:\n%s", got, tidy)
	}
}

func TestFormatIsIdempotent(t *testing.T) {
	once, _ := Format("main.hcl", []byte(messy))
	twice, diags := Format("main.hcl", once)
	if diags.HasErrors() {
		t.Fatalf("formatted output does not parse: %s", diags.Error())
	}
	if !bytes.Equal(once, twice) {
		t.Errorf("second Format changed the file:\n%s\nthen:\n%s", once, twice)
	}
}

func TestFormatRefusesSyntaxErrors(t *testing.T) {
	src := []byte("function \"chat\" {\n  runtime = \n")
	got, diags := Format("broken.hcl", src)
	if got != nil {
		t.Errorf("Format returned output for a broken file: %q", got)
	}
	if !diags.HasErrors() {
		t.Fatal("no error diagnostics for a broken file")
	}
	subj := diags[0].Subject
	if subj == nil || subj.Filename != "broken.hcl" {
		t.Errorf("diagnostic subject %v does not name broken.hcl", subj)
	}
}

func TestFormatEmptyFile(t *testing.T) {
	got, diags := Format("empty.hcl", nil)
	if diags.HasErrors() || len(got) != 0 {
		t.Errorf("Format(empty) = %q, %v; want empty and no errors", got, diags)
	}
}

// The formatted output must still parse: fmt must never break a valid file.
func TestFormatOutputParses(t *testing.T) {
	got, _ := Format("main.hcl", []byte(messy))
	if _, diags := hclsyntax.ParseConfig(got, "main.hcl", hcl.InitialPos); diags.HasErrors() {
		t.Errorf("formatted output does not parse: %s", diags.Error())
	}
}
