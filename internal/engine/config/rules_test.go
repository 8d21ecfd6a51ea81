package config

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// ruleCase breaks one validation rule; the marker in src shows where the
// diagnostic must point.
type ruleCase struct {
	name    string
	src     string
	opts    Options
	files   map[string]string // more files of the stack directory (certificates)
	summary string
	detail  string // a substring of the detail
}

var errorRules = []ruleCase{
	{name: "trigger without GET", summary: "Trigger does not allow GET", detail: "a WebSocket handshake is a GET request",
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  timeout = 600
  http_trigger "ws" {
    methods   = ⟪["POST"]
    auth_type = "anonymous"
  }
}`},
	{name: "lower-case method", summary: "Invalid trigger method", detail: `must be written in upper case: "GET"`,
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  http_trigger "ws" {
    methods = ⟪["get", "GET"]
  }
}`},
	{name: "unknown method", summary: "Invalid trigger method", detail: `"FETCH" is not one of`,
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  http_trigger "ws" {
    methods = ⟪["GET", "FETCH"]
  }
}`},
	{name: "auth type", summary: "Invalid auth_type", detail: `Did you mean "anonymous"?`,
		src: fn(`  # comment
`) + `function "other" {
  code    = "./src"
  command = ["./server"]
  http_trigger "ws" {
    auth_type = ⟪"anonymus"
  }
}`},
	{name: "jwt auth", summary: "Unsupported auth_type", detail: `needs a JWT auth configuration`,
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  http_trigger "ws" {
    auth_type = ⟪"jwt"
  }
}`},
	{name: "function name pattern", summary: "Invalid function name", detail: `"1chat" is not a valid function name`,
		src: fn(`  name = ⟪"1chat"`)},
	{name: "function name from label", summary: "Invalid function name", detail: `"chat.room" is not a valid function name`,
		src: `⟪function "chat.room" {
  code    = "./src"
  command = ["./server"]
}`},
	{name: "function name too long", summary: "Invalid function name", detail: "1 to 64",
		src: fn(`  name = ⟪"` + strings.Repeat("a", 65) + `"`)},
	{name: "timeout zero", summary: "Invalid timeout", detail: "timeout is 0; the timeout in seconds must be between 1 and 86400",
		src: strings.Replace(fn(""), "timeout = 600", "timeout = ⟪0", 1)},
	{name: "timeout too long", summary: "Invalid timeout", detail: "is 86401",
		src: strings.Replace(fn(""), "timeout = 600", "timeout = ⟪86401", 1)},
	{name: "concurrency zero", summary: "Invalid instance_concurrency", detail: "between 1 and 200",
		src: fn(`  instance_concurrency = ⟪0`)},
	{name: "concurrency too high", summary: "Invalid instance_concurrency", detail: "is 201",
		src: fn(`  instance_concurrency = ⟪201`)},
	{name: "memory too small", summary: "Invalid memory_size", detail: "between 128 and 32768",
		src: fn(`  memory_size = ⟪64`)},
	{name: "memory step", summary: "Invalid memory_size", detail: "multiple of 64 MB, such as 192 or 256",
		src: fn(`  memory_size = ⟪200`)},
	{name: "cpu step", summary: "Invalid cpu", detail: "multiple of 0.05",
		src: fn(`  cpu = ⟪0.33`)},
	{name: "cpu range", summary: "Invalid cpu", detail: "between 0.05 and 16",
		src: fn(`  cpu = ⟪20`)},
	{name: "cpu memory ratio", summary: "Invalid cpu to memory ratio", detail: "between 1:1 and 1:4 — with 4096 MB use cpu between 1 and 4",
		src: fn(`  memory_size = 4096
  cpu         = ⟪0.5`)},
	{name: "cpu above memory", summary: "Invalid cpu to memory ratio", detail: "ratio of 1:0.50",
		src: fn(`  cpu         = ⟪2
  memory_size = 1024`)},
	{name: "disk size", summary: "Invalid disk_size", detail: "512 or 10240 MB only",
		src: fn(`  disk_size = ⟪1024`)},
	{name: "port", summary: "Invalid port", detail: "between 1 and 65535",
		src: fn(`  port = ⟪70000`)},
	{name: "env FC_ prefix", summary: "Invalid environment", detail: `"FC_MODE" starts with FC_, which Function Compute reserves`,
		src: fn(`  environment = {
    OK      = "1"
    ⟪FC_MODE = "x"
  }`)},
	{name: "env key syntax", summary: "Invalid environment", detail: `"1A" is not a valid environment variable name`,
		src: fn(`  environment = { ⟪"1A" = "x" }`)},
	{name: "env key from an expression", summary: "Invalid environment", detail: `"FC_X" starts with FC_`,
		src: fn(`  environment = ⟪merge({ A = "1" }, { FC_X = "2" })`)},
	{name: "env size", summary: "Invalid environment", detail: "at most 4096",
		src: fn(`  environment = ⟪{ BIG = "` + strings.Repeat("x", 4100) + `" }`)},
	{name: "built-in runtime", summary: "Runtime cannot serve WebSocket", detail: `"python3.10" is a built-in runtime`,
		src: fn(`  runtime = ⟪"python3.10"`)},
	{name: "unknown runtime", summary: "Unknown runtime", detail: `Did you mean "custom.debian12"?`,
		src: fn(`  runtime = ⟪"custom.debain12"`)},
	{name: "missing code", summary: "Missing code directory", detail: `set code = "./src"`,
		src: `⟪function "chat" {
  command = ["./server"]
}`},
	{name: "code dir does not exist", summary: "Code directory not found", detail: "does not exist",
		src: `function "chat" {
  code    = ⟪"./nope"
  command = ["./server"]
}`},
	{name: "code is a file", summary: "Code is not a directory", detail: "is a file",
		src: `function "chat" {
  code    = ⟪"./src/server"
  command = ["./server"]
}`},
	{name: "nothing to start", summary: "Nothing to start", detail: "has no bootstrap file",
		src: `function "chat" {
  code = ⟪"./src"
}`},
	{name: "container without block", summary: "Missing container block", detail: "add container { image",
		src: `function "c" {
  runtime = ⟪"custom-container"
}`},
	{name: "container with code", summary: "Not used by a custom container", detail: "code does not apply",
		src: `function "c" {
  runtime = "custom-container"
  code    = ⟪"./src"
  container {
    image = "registry.cn-hangzhou.aliyuncs.com/ns/app:1"
  }
}`},
	{name: "container block on custom runtime", summary: "Container settings on a custom runtime", detail: "only applies to runtime",
		src: `function "c" {
  code    = "./src"
  command = ["./server"]
  ⟪container {
    image = "x"
  }
}`},
	{name: "reserved tag", summary: "Reserved tag", detail: "set by wsdeploy",
		src: fn(`  tags = ⟪{ "wsdeploy-stack" = "other" }`)},
	{name: "negative max_instances", summary: "Invalid max_instances", detail: "0 or more",
		src: fn(`  max_instances = ⟪-1`)},
	{name: "health check timeout", summary: "Invalid health check timeout", detail: "between 1 and 3",
		src: fn(`  health_check {
    http_get_url    = "/healthz"
    timeout_seconds = ⟪5
  }`)},
	{name: "health check url", summary: "Invalid health check URL", detail: `starting with "/"`,
		src: fn(`  health_check {
    http_get_url = ⟪"healthz"
  }`)},
	{name: "description length", summary: "Invalid description", detail: "at most 256",
		src: fn(`  description = ⟪"` + strings.Repeat("d", 300) + `"`)},
	{name: "duplicate function label", summary: `Duplicate function "chat"`, detail: "already declared at",
		src: fn("") + `function ⟪"chat" {
  code    = "./src"
  command = ["./server"]
}`},
	{name: "duplicate FC function name", summary: "Duplicate function name", detail: `also named "chat" on Function Compute`,
		src: fn("") + `function "other" {
  name    = ⟪"chat"
  code    = "./src"
  command = ["./server"]
}`},
	{name: "duplicate trigger", summary: `Duplicate http_trigger "ws"`, detail: "unique within a function",
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  http_trigger "ws" {}
  http_trigger ⟪"ws" {}
}`},
	{name: "second http trigger", summary: "Second http_trigger", detail: `main.hcl:4,3-20, and ` + fcspec.OneHTTPTrigger,
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  http_trigger "ws" {}
  ⟪http_trigger "page" {}
}`},
	{name: "duplicate smoke block", summary: "Duplicate smoke block", detail: "at most one",
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  smoke {}
  ⟪smoke {}
}`},
	{name: "duplicate variable", summary: `Duplicate variable "a"`, detail: "already declared",
		src: `variable "a" { default = 1 }
variable ⟪"a" { default = 2 }`},
	{name: "duplicate output", summary: `Duplicate output "o"`, detail: "already declared",
		src: `output "o" { value = 1 }
output ⟪"o" { value = 2 }`},
	{name: "duplicate local", summary: `Duplicate local value "a"`, detail: "already defined",
		src: `locals { a = 1 }
locals {
  ⟪a = 2
}`},
	{name: "unknown attribute", summary: "Unsupported argument", detail: `Did you mean "memory_size"?`,
		src: fn(`  ⟪memory_sise = 512`)},
	{name: "unknown attribute, prefix", summary: "Unsupported argument", detail: `Did you mean "memory_size"?`,
		src: fn(`  ⟪memory = 512`)},
	{name: "unknown block", summary: "Unsupported block type", detail: `Did you mean "http_trigger"?`,
		src: fn(`  ⟪http_triger "x" {}`)},
	{name: "unknown top-level block", summary: "Unsupported block type", detail: `Did you mean "function"?`,
		src: `⟪functon "x" {}`},
	{name: "type error", summary: "Incorrect attribute value type", detail: `attribute "timeout"`,
		src: strings.Replace(fn(""), "timeout = 600", `timeout = ⟪"ten"`, 1)},
	{name: "fractional integer", summary: "Invalid number", detail: "must be a whole number; 1.5 is not",
		src: fn(`  instance_concurrency = ⟪1.5`)},
	{name: "huge integer", summary: "Invalid number", detail: "whole number",
		src: fn(`  memory_size = ⟪1e40`)},
	{name: "invalid stack name", summary: "Invalid stack name", detail: "is not a valid stack name",
		src: `stack = ⟪"my stack"
` + fn("")},
	{name: "undeclared variable", summary: "Reference to undeclared input variable", detail: `Did you mean "region"?`,
		src: `variable "region" { default = "cn-hangzhou" }
` + fn(`  description = ⟪var.regoin`)},
	{name: "undeclared local", summary: "Reference to undeclared local value", detail: `No local value named "nme"`,
		src: `locals { name = "x" }
` + fn(`  description = ⟪local.nme`)},
	{name: "undeclared function", summary: "Reference to undeclared function", detail: `Did you mean "chat"?`,
		src: fn("") + `output "u" {
  value = ⟪function.caht.name
}`},
	{name: "reference cycle", summary: "Cycle in references", detail: "local.a → local.b → local.a",
		src: `locals {
  ⟪a = local.b
  b = local.a
}`},
	{name: "variable validation", summary: "Invalid value for variable", detail: "timeout must be at least a minute",
		src: `variable "timeout" {
  type    = number
  default = 5
  validation {
    condition     = ⟪var.timeout >= 60
    error_message = "timeout must be at least a minute"
  }
}`},
	{name: "required variable", summary: "No value for required variable", detail: "-var region=VALUE",
		src: `⟪variable "region" {
  type = string
}`},
	{name: "variable default type", summary: "Invalid default value for variable", detail: "does not match its type number",
		src: `variable "n" {
  type    = number
  default = ⟪"many"
}`},
	{name: "smoke regex", summary: "Invalid expect pattern", detail: "not a valid regular expression",
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  timeout = 600
  http_trigger "ws" {}
  smoke {
    expect = ⟪"/pong(/"
  }
}`},
	{name: "smoke timeout", summary: "Invalid smoke timeout", detail: `write it like "30s"`,
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  timeout = 600
  http_trigger "ws" {}
  smoke {
    timeout = ⟪"soon"
  }
}`},
	{name: "unknown provider", summary: "Unknown provider", detail: `Did you mean "local"?`,
		src: `provider ⟪"locl" {}`},
	{name: "provider setting type", summary: "Incorrect attribute value type", detail: `attribute "region" of provider "aliyun"`,
		src: `provider "aliyun" {
  region = ⟪["cn-hangzhou"]
}`},
	{name: "sensitive output", summary: "Output refers to sensitive values", detail: "sensitive = true",
		src: `variable "token" {
  default   = "s3cret"
  sensitive = true
}
output "t" {
  value = ⟪"token:${var.token}"
}`},
	{name: "unknown value in function", summary: "Value not known before apply", detail: "only exists after apply",
		src: fn("") + `function "other" {
  code        = "./src"
  command     = ["./server"]
  description = ⟪function.chat.http_trigger.ws.url
}`},
	{name: "syntax error", summary: "Argument or block definition required", detail: "",
		src: `function "chat" {
  ⟪= 3
}`},
}

func TestValidationRules(t *testing.T) {
	for _, tc := range errorRules {
		t.Run(tc.name, func(t *testing.T) { checkRule(t, tc, hcl.DiagError) })
	}
}

var warningRules = []ruleCase{
	{name: "short timeout with concurrency", summary: "Short timeout for WebSocket", detail: "With instance_concurrency = 4",
		src: strings.Replace(fn("  instance_concurrency = 4"), "timeout = 600", "timeout = ⟪30", 1)},
	{name: "short timeout", summary: "Short timeout for WebSocket", detail: "close code 1006",
		src: strings.Replace(fn(""), "timeout = 600", "timeout = ⟪3", 1)},
	{name: "no smoke block", summary: "No smoke test", detail: "only checks that the WebSocket handshake and a ping succeed",
		src: `⟪function "chat" {
  code    = "./src"
  command = ["./server"]
  timeout = 600
  http_trigger "ws" {}
}`},
	{name: "max_instances zero", summary: "Function disabled", detail: "rejects every request",
		src: fn(`  max_instances = ⟪0`)},
	{name: "public URL disabled", summary: "Public URL disabled", detail: "answers 403",
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  timeout = 600
  http_trigger "ws" {
    disable_url_internet = ⟪true
  }
  smoke {
    enabled = false
  }
}`},
	{name: "send without expect", summary: "Reply not checked", detail: "any reply passes",
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  timeout = 600
  http_trigger "ws" {}
  smoke {
    send = ⟪"hi"
  }
}`},
	{name: "smoke without trigger", summary: "Smoke test has nothing to test", detail: "no http_trigger or custom_domain route allowing GET",
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  ⟪smoke {
    send   = "a"
    expect = "a"
  }
}`},
	{name: "duplicate method", summary: "Duplicate method", detail: "lists GET twice",
		src: `function "chat" {
  code    = "./src"
  command = ["./server"]
  timeout = 600
  http_trigger "ws" {
    methods = ⟪["GET", "GET"]
  }
  smoke {
    enabled = false
  }
}`},
}

func TestValidationWarnings(t *testing.T) {
	for _, tc := range warningRules {
		t.Run(tc.name, func(t *testing.T) {
			diags := checkRule(t, tc, hcl.DiagWarning)
			if errs := errorsOf(diags); len(errs) > 0 {
				t.Errorf("a warning case must have no errors, got:\n%s", listDiags(errs))
			}
		})
	}
}

func checkRule(t *testing.T, tc ruleCase, sev hcl.DiagnosticSeverity) hcl.Diagnostics {
	t.Helper()
	_, diags, _ := loadFiles(t, tc.src, tc.files, tc.opts)
	d := findDiag(t, diags, sev, tc.summary)
	if !strings.Contains(d.Detail, tc.detail) {
		t.Errorf("detail %q does not contain %q", d.Detail, tc.detail)
	}
	line, col := markerPos(t, tc.src)
	if d.Subject == nil {
		t.Fatalf("diagnostic %q has no source range", d.Summary)
	}
	if !strings.HasSuffix(d.Subject.Filename, "main.hcl") || d.Subject.Start.Line != line || d.Subject.Start.Column != col {
		t.Errorf("diagnostic at %s:%d:%d, want main.hcl:%d:%d", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, line, col)
	}
	return diags
}

// The example stacks must validate without errors or warnings.
func TestExamplesValidate(t *testing.T) {
	st, diags := Load("../../../examples/echo-go", Options{Environ: []string{}})
	if len(diags) > 0 {
		t.Fatalf("examples/echo-go:\n%s", listDiags(diags))
	}
	if st.Name != "echo-go" || len(st.Functions) != 1 || st.Functions[0].Timeout != 900 {
		t.Fatalf("unexpected stack: %+v", st)
	}
}
