package convert

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// convertCase converts testdata/<name>/s.yaml into a new stack directory,
// with code paths rewritten as the CLI does, and returns the directory.
func convertCase(t *testing.T, name string) (*Result, string) {
	t.Helper()
	src, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	data := readCase(t, name)
	out := t.TempDir()
	res, err := Convert(Input{Filename: "s.yaml", Src: data, Path: RelativeTo(src, out)})
	if err != nil {
		t.Fatalf("convert %s: %v", name, err)
	}
	if err := Write(out, res); err != nil {
		t.Fatal(err)
	}
	return res, out
}

// TestConvertedStacksValidate converts each s.yaml shape and loads the result
// with config.Load: no error diagnostics, and the functions it expects.
func TestConvertedStacksValidate(t *testing.T) {
	cases := []struct {
		name      string
		vars      []string
		functions []string
		want      []string // in the HCL
		notes     []string // what the notes must name
	}{
		{name: "node-http", functions: []string{"chat"},
			want: []string{`name = "node-chat"`, `runtime = "custom.debian10"`, `command = ["node", "server.js"]`, `port = 8080`,
				`memory_size = 1024`, `instance_concurrency = 20`, `"GREETING" = "hello $${name}"`, `http_trigger "ws"`, `auth_type = "anonymous"`,
				`methods = ["GET", "POST"]`, `provider "aliyun"`, `region = "cn-shanghai"`, `stack = "node-chat"`, "# access (line 3)"}},
		{name: "go-build", functions: []string{"echo"},
			want: []string{`build {`, `(cd ../`, `go build -o ../../dist/bootstrap .`, `fc3 has no build step`, `health_check {`, `http_get_url = "/healthz"`,
				`pre_stop_timeout = 30`, `args = ["-listen", "0.0.0.0:9000"]`, `auth_type = "function"`}},
		{name: "container", functions: []string{"echo"},
			want: []string{`runtime = "custom-container"`, `container {`, `image = "registry.cn-beijing.aliyuncs.com/demo-ns/echo:1.2.0"`, `entrypoint = ["/app/server"]`,
				`port = 7000`, `internet_access = false`, `methods = ["GET", "HEAD"]`}},
		{name: "network", functions: []string{"chat", "api"},
			want: []string{`role = "acs:ram::1234567890123456:role/chat-fc"`, `vpc {`, `vswitch_ids = ["vsw-bp1bbbbbbbbbbbbbbbbbb"]`, `log {`, `request_metrics = true`,
				`session_affinity {`, `type = "header_field"`, `header = "chat-session"`, `sessions_per_instance = 50`, `custom_domain "chat.example.com"`,
				`path = "/ws"`, `function = function.chat`, `function = function.api`, `path = "/api/*"`, `"GET", "POST"`, `instance_concurrency = 10`},
			notes: []string{"logConfig.logBeginRule"}},
		{name: "vars-env", vars: []string{"STAGE=test"}, functions: []string{"front", "back"},
			want: []string{`stack = "${var.app}-stack"`, `variable "app"`, `default = "tictactoe"`, `default = 256`, `variable "REGION"`, `default = "cn-shenzhen"`,
				`region = local.region`, `region = var.REGION`, `variable "STAGE"`, `memory_size = var.memory`, `name = "${var.app}-front"`,
				`"BACKEND" = function.back.name`, `"BACKEND_PORT" = function.back.port`, `"STAGE" = var.STAGE`, `timeout = var.BACK_TIMEOUT`,
				`provisioned {`, `target = var.replicas`, `timeout = var.limits["timeout"]`, `"SECRET_REF" = "$${config('AccountID')}"`},
			notes: []string{"environmentVariables ${config('AccountID')}"}},
		{name: "untranslatable", functions: []string{"legacy"},
			want: []string{`runtime = "custom.debian12"`, `http_trigger "web"`, `methods = ["GET", "POST"]`, "GET added"},
			notes: []string{"flow", "resource site", "actions.post-deploy", "actions.pre-deploy step", "runtime nodejs18", "vpcConfig", "logConfig",
				"nasConfig", "sessionAffinity MCP_SSE", "gpuConfig", "trigger uploads (triggerType oss)", "authType jwt", "trigger web2", "customDomain auto"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, dir := convertCase(t, tc.name)
			hcl := string(res.HCL)
			flat := strings.Join(strings.Fields(hcl), " ")
			t.Logf("%s", hcl)
			for _, w := range tc.want {
				if !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("the HCL lacks %q", w)
				}
			}
			for _, n := range tc.notes {
				if !hasNote(res.Notes, n) {
					t.Errorf("no note names %q; notes: %v", n, res.Notes)
				}
				if !strings.Contains(hcl, "not translated: "+n) {
					t.Errorf("no comment names %q", n)
				}
			}
			if strings.Join(res.Functions, ",") != strings.Join(tc.functions, ",") {
				t.Errorf("functions %v, want %v", res.Functions, tc.functions)
			}
			var vars []config.VarArg
			for _, v := range tc.vars {
				vars = append(vars, config.VarArg{Assignment: v})
			}
			st, diags := config.Load(dir, config.Options{Environ: []string{}, Vars: vars,
				ProviderSchemas: map[string]providers.Schema{local.Name: local.Schema, aliyun.Name: aliyun.Schema}})
			if diags.HasErrors() {
				t.Fatalf("the converted stack does not validate:\n%s", diags.Error())
			}
			if len(st.Functions) != len(tc.functions) {
				t.Errorf("loaded %d functions, want %d", len(st.Functions), len(tc.functions))
			}
		})
	}
}

func hasNote(notes []Note, what string) bool {
	for _, n := range notes {
		if strings.HasPrefix(n.What, what) && n.Why != "" && n.Line > 0 {
			return true
		}
	}
	return false
}

func readCase(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
