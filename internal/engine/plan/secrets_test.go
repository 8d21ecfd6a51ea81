package plan

import (
	"slices"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/zclconf/go-cty/cty"
)

func loadSrc(t *testing.T, src string, vars ...string) *config.Stack {
	t.Helper()
	var args []config.VarArg
	for _, v := range vars {
		args = append(args, config.VarArg{Assignment: v})
	}
	schema := providers.Schema{Attributes: []providers.SchemaAttribute{
		{Name: "region", Type: cty.String}, {Name: "key_secret", Type: cty.String, Sensitive: true}}}
	dir := t.TempDir()
	stack, diags := config.LoadSources(dir, []config.Source{{Filename: "main.hcl", Bytes: []byte(src)}}, nil,
		config.Options{Vars: args, Environ: []string{}, ProviderSchemas: map[string]providers.Schema{"fake": schema}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return stack
}

const secretsSrc = `
stack = "s"
variable "password" {
  type      = string
  sensitive = true
  default   = "pw-from-variable"
}
variable "ports" {
  type      = list(number)
  sensitive = true
  default   = [8443]
}
variable "public" {
  type    = string
  default = "not-a-secret"
}
provider "fake" {
  region     = "cn-hangzhou"
  key_secret = "provider-setting-secret"
}
function "f" {
  runtime = "custom-container"
  container {
    image = "registry/ns/app:1"
  }
  environment = {
    LITERAL = "literal-marked-by-key"
    FROM_VAR = var.password
    PUBLIC   = var.public
  }
}
`

func TestSecretsOfAStack(t *testing.T) {
	s := secretsOf(loadSrc(t, secretsSrc))
	for _, want := range []string{"pw-from-variable", "8443", "provider-setting-secret"} {
		if !slices.Contains(s.values, want) {
			t.Errorf("secrets lack %q: %q", want, s.values)
		}
	}
	for _, not := range []string{"not-a-secret", "cn-hangzhou"} {
		if slices.Contains(s.values, not) {
			t.Errorf("%q taken for a secret", not)
		}
	}
	for i := 1; i < len(s.values); i++ {
		if len(s.values[i]) > len(s.values[i-1]) {
			t.Errorf("not longest first: %q", s.values)
		}
	}
}

func TestStackHash(t *testing.T) {
	a := loadSrc(t, secretsSrc)
	b := loadSrc(t, secretsSrc) // another directory, same files
	if StackHash(a) != StackHash(b) {
		t.Error("the hash depends on the directory")
	}
	if StackHash(a) == StackHash(loadSrc(t, secretsSrc, "public=other")) {
		t.Error("the hash ignores a variable's value")
	}
	if StackHash(a) == StackHash(loadSrc(t, secretsSrc+"\n# comment\n")) {
		t.Error("the hash ignores the files")
	}
}
