package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

const fullStack = `
stack = "chat-${var.env}"

provider "aliyun" {
  region            = var.region
  access_key_secret = "plain"
}

provider "local" {
  state_dir = "/tmp/gw"
}

variable "env" {
  type    = string
  default = "dev"
  validation {
    condition     = contains(["dev", "prod"], var.env)
    error_message = "env is dev or prod"
  }
}

variable "region" {
  default = "cn-hangzhou"
}

variable "redis_password" {
  type      = string
  default   = "hunter2"
  sensitive = true
}

variable "sizes" {
  type    = map(number)
  default = { small = 256, big = 2048 }
}

locals {
  prefix = "${var.env}-chat"
  memory = var.sizes["big"]
}

function "chat" {
  name                 = "${local.prefix}-room"
  description          = "chat room"
  runtime              = "custom.debian11"
  code                 = "./src"
  command              = ["./server", "--flag"]
  args                 = ["a", "b"]
  port                 = 8080
  memory_size          = local.memory
  cpu                  = 1
  disk_size            = 10240
  timeout              = 3600
  instance_concurrency = 20
  max_instances        = 5
  environment = {
    REDIS_PASSWORD = var.redis_password
    PEER           = function.presence.name
  }
  tags = { team = "web" }

  health_check {
    http_get_url    = "/healthz"
    timeout_seconds = 2
  }

  http_trigger "ws" {
    methods   = ["POST", "GET"]
    auth_type = "function"
  }

  smoke {
    send    = "ping"
    expect  = "/^pong \\d+$/"
    timeout = "15s"
  }
}

function "presence" {
  code    = "./src"
  command = ["./server"]
  timeout = 600
  build {
    command     = ["go", "build", "-o", "src/server", "."]
    environment = { CGO_ENABLED = "0" }
  }
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    enabled = false
  }
}

function "image" {
  runtime = "custom-container"
  port    = 9000
  timeout = 600
  container {
    image      = "registry.cn-hangzhou.aliyuncs.com/ns/app:1"
    entrypoint = ["/app"]
    command    = ["--serve"]
  }
}

output "url" {
  value       = function.chat.http_trigger.ws.url
  description = "the chat URL"
}

output "secret" {
  value     = var.redis_password
  sensitive = true
}
`

func TestLoadFullStack(t *testing.T) {
	st, diags, dir := loadMain(t, fullStack, Options{})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", listDiags(diags))
	}
	if st.Name != "chat-dev" {
		t.Errorf("stack name %q", st.Name)
	}
	if len(st.Functions) != 3 {
		t.Fatalf("%d functions", len(st.Functions))
	}
	chat, image, presence := st.Functions[0], st.Functions[1], st.Functions[2]
	if chat.Label != "chat" || image.Label != "image" || presence.Label != "presence" {
		t.Fatalf("functions not sorted by label: %s %s %s", chat.Label, image.Label, presence.Label)
	}
	want := &Function{
		Label: "chat", Name: "dev-chat-room", Runtime: "custom.debian11",
		Code: filepath.Join(dir, "src"), Command: []string{"./server", "--flag"}, Args: []string{"a", "b"},
		Port: 8080, MemorySize: 2048, CPU: 1, DiskSize: 10240, Timeout: 3600, InstanceConcurrency: 20,
		Environment:  map[string]string{"REDIS_PASSWORD": "hunter2", "PEER": "presence"},
		SensitiveEnv: map[string]bool{"REDIS_PASSWORD": true},
		Description:  "chat room", Tags: map[string]string{"team": "web"},
		HealthCheck: &HealthCheck{HTTPGetURL: "/healthz", PeriodSeconds: 3, TimeoutSeconds: 2, FailureThreshold: 3, SuccessThreshold: 1},
	}
	five := 5
	want.MaxInstances = &five
	got := *chat
	got.Triggers, got.Smoke, got.DeclRange, got.Ranges = nil, nil, hcl.Range{}, nil
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("chat:\n got %+v\nwant %+v", &got, want)
	}
	if len(chat.Triggers) != 1 || chat.Triggers[0].Name != "ws" {
		t.Fatalf("triggers: %+v", chat.Triggers)
	}
	if ws := chat.Triggers[0]; !reflect.DeepEqual(ws.Methods, []string{"GET", "POST"}) || ws.AuthType != "function" {
		t.Errorf("ws trigger: %+v (methods must be sorted)", ws)
	}
	if s := chat.Smoke; s == nil || s.Send != "ping" || s.ExpectRegexp != `^pong \d+$` || s.Expect != "" || s.Timeout != 15*time.Second || !s.Enabled {
		t.Errorf("smoke: %+v", chat.Smoke)
	}
	wantLine := strings.Count(fullStack[:strings.Index(fullStack, `["POST", "GET"]`)], "\n") + 1
	if r := chat.Ranges["http_trigger.ws.methods"]; r.Start.Line != wantLine {
		t.Errorf("range of ws methods at line %d, want %d", r.Start.Line, wantLine)
	}

	// Defaults of an almost empty function.
	if presence.Name != "presence" || presence.Runtime != "custom.debian12" || presence.Port != 9000 ||
		presence.MemorySize != 512 || presence.CPU != 0.35 || presence.DiskSize != 512 || presence.InstanceConcurrency != 1 ||
		presence.MaxInstances != nil || presence.Build == nil || presence.Build.Environment["CGO_ENABLED"] != "0" {
		t.Errorf("presence defaults: %+v", presence)
	}
	if tr := presence.Triggers[0]; !reflect.DeepEqual(tr.Methods, []string{"GET"}) {
		t.Errorf("default methods: %v", tr.Methods)
	}
	if presence.Smoke.Enabled {
		t.Error("smoke.enabled = false ignored")
	}
	if image.Code != "" || image.Container == nil || image.Container.Image != "registry.cn-hangzhou.aliyuncs.com/ns/app:1" ||
		!reflect.DeepEqual(image.Container.Entrypoint, []string{"/app"}) {
		t.Errorf("container: %+v %+v", image, image.Container)
	}

	if len(st.Providers) != 2 {
		t.Fatalf("providers: %+v", st.Providers)
	}
	ali := st.Providers[0]
	if ali.Name != "aliyun" || ali.Settings["region"].AsString() != "cn-hangzhou" || !ali.Sensitive["access_key_secret"] || ali.Sensitive["region"] {
		t.Errorf("aliyun provider: %+v", ali)
	}
	if _, err := st.Provider("", "local"); err == nil || !strings.Contains(err.Error(), "-provider") {
		t.Errorf("two providers without -provider: %v", err)
	}
	if p, err := st.Provider("local", "local"); err != nil || p.Settings["state_dir"].AsString() != "/tmp/gw" {
		t.Errorf("-provider local: %+v %v", p, err)
	}

	if got := st.Locals["prefix"]; !got.RawEquals(cty.StringVal("dev-chat")) {
		t.Errorf("local.prefix = %#v", got)
	}
	outs, diags := st.EvalOutputs(TriggerURLs{"chat": {"ws": "http://127.0.0.1:1/x"}})
	if diags.HasErrors() {
		t.Fatal(listDiags(diags))
	}
	if outs["url"].AsString() != "http://127.0.0.1:1/x" || outs["secret"].AsString() != "hunter2" {
		t.Errorf("outputs: %#v", outs)
	}
	if !st.Outputs[1].Sensitive {
		t.Error("output secret not sensitive")
	}
	before, _ := st.EvalOutputs(nil)
	if before["url"].IsKnown() {
		t.Error("url known before apply")
	}
}

func TestVariablePrecedence(t *testing.T) {
	src := `
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "n" {
  type    = list(number)
  default = []
}
function "f" {
  code        = "./src"
  command     = ["./server"]
  description = join(",", [var.a, var.b, var.c, var.d, var.e, length(var.n)])
}
`
	dir := stackDir(t, map[string]string{
		"main.hcl":          src,
		"wsdeploy.vars.hcl": "b = \"defaultfile\"\nc = \"defaultfile\"\nd = \"defaultfile\"\ne = \"defaultfile\"\n",
		"x.auto.vars.hcl":   "c = \"auto-x\"\nd = \"auto-x\"\n",
		"y.auto.vars.hcl":   "d = \"auto-y\"\n",
		"other.vars.hcl":    "e = \"file-flag\"\nzz = 1\n",
		"ignored.vars.hcl":  "a = \"never read\"\n",
	})
	st, diags := Load(dir, Options{
		Environ: []string{"WSDEPLOY_VAR_a=env", "WSDEPLOY_VAR_b=env", "WSDEPLOY_VAR_unknown=x", "OTHER=1"},
		Vars: []VarArg{
			{Assignment: "e=flag"},
			{File: filepath.Join(dir, "other.vars.hcl")},
			{Assignment: "n=[1, 2, 3]"},
		},
	})
	if errs := errorsOf(diags); len(errs) > 0 {
		t.Fatal(listDiags(errs))
	}
	if got := st.Functions[0].Description; got != "env,defaultfile,auto-x,auto-y,file-flag,3" {
		t.Errorf("precedence: got %q", got)
	}
	w := findDiag(t, diags, hcl.DiagWarning, "Value for undeclared variable")
	if !strings.HasSuffix(w.Subject.Filename, "other.vars.hcl") || w.Subject.Start.Line != 2 {
		t.Errorf("warning at %s", w.Subject)
	}
}

func TestVariableCommandLineErrors(t *testing.T) {
	src := "variable \"port\" {\n  type = number\n  default = 1\n}\n"
	cases := map[string]struct {
		arg     VarArg
		summary string
		detail  string
	}{
		"undeclared":    {VarArg{Assignment: "prot=1"}, "Value for undeclared variable", `Did you mean "port"?`},
		"no equals":     {VarArg{Assignment: "port"}, "Invalid -var option", "like -var key=value"},
		"wrong type":    {VarArg{Assignment: "port=abc"}, "Invalid value for variable", "must be a literal"},
		"syntax":        {VarArg{Assignment: "port=[1"}, "Invalid value for variable", "not a valid number"},
		"missing file":  {VarArg{File: "/nonexistent/x.vars.hcl"}, "Cannot read variable file", "no such file"},
		"type mismatch": {VarArg{Assignment: `port="x"`}, "Invalid value for variable", "a number is required"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, diags, _ := loadMain(t, src, Options{Vars: []VarArg{tc.arg}})
			d := findDiag(t, diags, hcl.DiagError, tc.summary)
			if !strings.Contains(d.Detail, tc.detail) {
				t.Errorf("detail %q lacks %q", d.Detail, tc.detail)
			}
		})
	}
}

func TestStackNameDefaultsToDirectory(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "my-service")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte("locals {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, diags := Load(dir, Options{Environ: []string{}})
	if diags.HasErrors() || st.Name != "my-service" {
		t.Fatalf("name %q, diags:\n%s", st.Name, listDiags(diags))
	}
	if p, err := st.Provider("", "local"); err != nil || p.Name != "local" {
		t.Errorf("default provider: %+v %v", p, err)
	}
}

func TestLoadDirectoryErrors(t *testing.T) {
	if _, diags := Load(filepath.Join(t.TempDir(), "missing"), Options{}); !diags.HasErrors() || !strings.Contains(diags[0].Detail, "-chdir") {
		t.Errorf("missing dir: %v", diags)
	}
	empty := t.TempDir()
	st, diags := Load(empty, Options{})
	if st == nil || !diags.HasErrors() || diags[0].Summary != "No configuration files" {
		t.Errorf("empty dir: %v", diags)
	}
}

func TestFilesKeptForSnippets(t *testing.T) {
	st, diags, _ := loadMain(t, "function \"x\" {\n  timeout = 0\n}\n", Options{})
	if !diags.HasErrors() {
		t.Fatal("expected errors")
	}
	for name, src := range st.Files {
		if strings.HasSuffix(name, "main.hcl") && strings.Contains(string(src), "timeout = 0") {
			return
		}
	}
	t.Errorf("main.hcl not in Stack.Files: %v", st.Files)
}
