package config

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// Strings that reach an exec, an environment or an HTTP request line are
// refused at validate when they cannot arrive intact, at the element or
// value as written (issue 13, item 8).
var textRules = []ruleCase{
	{name: "NUL in command", summary: "Invalid character", detail: "element 1 of command contains a NUL byte (at byte 1)",
		src: strings.Replace(chatWith("  timeout = 600"), `["./server"]`, `["./server", ⟪"a\u0000b"]`, 1)},
	{name: "NUL in args", summary: "Invalid character", detail: "element 0 of args contains a NUL byte",
		src: fn(`  args = [⟪"--x=\u0000"]`)},
	{name: "NUL in args from an expression", summary: "Invalid character", detail: "element 1 of args contains a NUL byte",
		src: `locals {
  args = ["ok", "\u0000"]
}
` + fn(`  args = ⟪local.args`)},
	{name: "NUL in an environment value", summary: "Invalid character", detail: `environment["TOKEN"] contains a NUL byte`,
		src: fn(`  environment = {
    OK    = "1"
    TOKEN = ⟪"x\u0000"
  }`)},
	{name: "NUL in an environment value from a variable", summary: "Invalid character", detail: `environment["TOKEN"] contains a NUL byte`,
		opts: Options{Vars: []VarArg{{Assignment: "token=a\x00b"}}},
		src: `variable "token" {
  type      = string
  sensitive = true
}
` + fn(`  environment = { TOKEN = ⟪var.token }`)},
	{name: "NUL in the container image", summary: "Invalid character", detail: "container.image contains a NUL byte",
		src: containerFn(`    image = ⟪"registry.cn-hangzhou.aliyuncs.com/ns/app:1\u0000"`)},
	{name: "NUL in the container entrypoint", summary: "Invalid character", detail: "element 0 of container.entrypoint contains a NUL byte",
		src: containerFn(`    image      = "registry.cn-hangzhou.aliyuncs.com/ns/app:1"
    entrypoint = [⟪"/bin/\u0000sh"]`)},
	{name: "NUL in the container command", summary: "Invalid character", detail: "element 0 of container.command contains a NUL byte",
		src: containerFn(`    image   = "registry.cn-hangzhou.aliyuncs.com/ns/app:1"
    command = [⟪"\u0000"]`)},
	{name: "NUL in the build command", summary: "Invalid character", detail: "element 2 of build.command contains a NUL byte",
		src: fn(`  build {
    command = ["go", "build", ⟪"-o\u0000"]
  }`)},
	{name: "NUL in a build environment value", summary: "Invalid character", detail: `build.environment["GOOS"] contains a NUL byte`,
		src: fn(`  build {
    command     = ["make"]
    environment = { GOOS = ⟪"linux\u0000" }
  }`)},
	{name: "NUL in a build environment key", summary: "Invalid character", detail: `the key "A\x00B" of build.environment contains a NUL byte`,
		src: fn(`  build {
    command     = ["make"]
    environment = { ⟪"A\u0000B" = "1" }
  }`)},
	{name: "NUL in the health check path", summary: "Invalid health check URL", detail: `control character '\x00' (at byte 2)`,
		src: fn(`  health_check {
    http_get_url = ⟪"/h\u0000"
  }`)},
	{name: "CR in the health check path", summary: "Invalid health check URL", detail: `control character '\r' (at byte 2)`,
		src: fn(`  health_check {
    http_get_url = ⟪"/h\r"
  }`)},
	{name: "LF in the health check path", summary: "Invalid health check URL", detail: `control character '\n' (at byte 8)`,
		src: fn(`  health_check {
    http_get_url = ⟪"/healthz\nX-Injected: 1"
  }`)},
}

func TestTextRefusedWhereItCannotArriveIntact(t *testing.T) {
	for _, tc := range textRules {
		t.Run(tc.name, func(t *testing.T) {
			quotesNot(t, checkOnly(t, tc, hcl.DiagError), "\x00")
		})
	}
}

// CR and LF reach a process intact: a PEM key in an environment variable
// and a script passed to sh -c are common and FC accepts them, so they are
// not refused there.
func TestLineBreaksAllowedInCommandsAndEnvironment(t *testing.T) {
	_, diags, _ := loadMain(t, fn(`  args        = ["-c", "echo a\r\necho b"]
  environment = { KEY = "-----BEGIN KEY-----\nAAAA\n-----END KEY-----\n" }`), Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", listDiags(diags))
	}
}
