package config

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

const tokenVar = `variable "token" {
  type      = string
  default   = "s3cr3t-t0ken"
  sensitive = true
}
`

// A sensitive value in a command line is visible to every process on the
// host and in FC's console: validate warns, at the element that holds it,
// and says to use the environment (issue 13, item 13).
var cmdlineRules = []ruleCase{
	{name: "command element", summary: "Sensitive value in a command line", detail: `Attribute "command" of function "chat"`,
		src: tokenVar + strings.Replace(chatWith("  timeout = 600"), `["./server"]`, `["./server", "--token", ⟪var.token]`, 1)},
	{name: "args template", summary: "Sensitive value in a command line", detail: "pass the secret through environment instead",
		src: tokenVar + fn(`  args = ["-v", ⟪"--token=${var.token}"]`)},
	{name: "whole args list", summary: "Sensitive value in a command line", detail: "/proc/<pid>/cmdline",
		src: `variable "args" {
  type      = list(string)
  default   = ["--token", "s3cr3t-t0ken"]
  sensitive = true
}
` + fn(`  args = ⟪var.args`)},
	{name: "through a local", summary: "Sensitive value in a command line", detail: `Attribute "args" of function "chat"`,
		src: tokenVar + `locals {
  flags = ["--token", var.token]
}
` + fn(`  args = ⟪local.flags`)},
	{name: "container command", summary: "Sensitive value in a command line", detail: "the function's environment",
		src: tokenVar + containerFn(`    image   = "registry.cn-hangzhou.aliyuncs.com/ns/app:1"
    command = ["serve", ⟪var.token]`)},
	{name: "build command", summary: "Sensitive value in a command line", detail: "pass the secret through the build block's environment",
		src: tokenVar + fn(`  build {
    command = ["make", ⟪"TOKEN=${var.token}"]
  }`)},
}

func TestSensitiveCommandLineWarns(t *testing.T) {
	for _, tc := range cmdlineRules {
		t.Run(tc.name, func(t *testing.T) {
			quotesNot(t, checkOnly(t, tc, hcl.DiagWarning), "s3cr3t-t0ken")
		})
	}
}

// Values that are not sensitive, and sensitive ones in the environment,
// are what the warning recommends: no warning.
func TestCommandLineWithoutSecretsDoesNotWarn(t *testing.T) {
	_, diags, _ := loadMain(t, tokenVar+`variable "port" {
  default = "9000"
}
`+fn(`  args        = ["--port", var.port]
  environment = { TOKEN = var.token }`), Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", listDiags(diags))
	}
}
