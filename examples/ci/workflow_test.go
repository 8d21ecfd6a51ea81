package ci_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/examples/internal/exampletest"
)

func TestMain(m *testing.M) { os.Exit(exampletest.Main(m)) }

type step struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	If               string            `json:"if"`
	Uses             string            `json:"uses"`
	Run              string            `json:"run"`
	WorkingDirectory string            `json:"working-directory"`
	With             map[string]string `json:"with"`
	Env              map[string]string `json:"env"`
}

type workflow struct {
	On          map[string]any    `json:"on"`
	Permissions map[string]string `json:"permissions"`
	Env         map[string]string `json:"env"`
	Jobs        map[string]struct {
		Steps []step `json:"steps"`
	} `json:"jobs"`
}

// load parses the workflow with a YAML parser (Debian's python3-yaml), as
// GitHub would refuse a file that is not YAML.
func load(t *testing.T) workflow {
	t.Helper()
	exampletest.RequirePython(t, "yaml")
	// YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
	const toJSON = `import json, sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
print(json.dumps({("on" if k is True else k): v for k, v in d.items()}))`
	out, err := exec.Command("/usr/bin/python3", "-c", toJSON, "github-actions.yml").Output()
	if err != nil {
		t.Fatalf("github-actions.yml is not YAML: %v", err)
	}
	var w workflow
	if err := json.Unmarshal(out, &w); err != nil {
		t.Fatalf("unexpected shape: %v\n%s", err, out)
	}
	return w
}

func (w workflow) step(t *testing.T, name string) step {
	t.Helper()
	for _, s := range w.Jobs["deploy"].Steps {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no step %q in job deploy", name)
	return step{}
}

func TestWorkflowShape(t *testing.T) {
	w := load(t)
	if w.Permissions["id-token"] != "write" {
		t.Errorf("permissions %v: the job needs id-token: write for its OIDC token", w.Permissions)
	}
	for _, v := range []string{"ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_REGION_ID"} {
		if w.Env[v] == "" {
			t.Errorf("env lacks %s", v)
		}
	}
	if _, ok := w.On["push"]; !ok {
		t.Errorf("on: %v; want push", w.On)
	}
	token := w.step(t, "Fetch the job's OIDC token")
	if !strings.Contains(token.Run, "ALIBABA_CLOUD_OIDC_TOKEN_FILE=") || !strings.Contains(token.Run, "$GITHUB_ENV") {
		t.Errorf("the token step does not export ALIBABA_CLOUD_OIDC_TOKEN_FILE:\n%s", token.Run)
	}
	for name, cmd := range map[string]string{
		"Plan":         "wsdeploy -json plan -provider aliyun -detailed-exitcode -out plan.bin",
		"Apply":        "wsdeploy -json apply -auto-approve -provider aliyun plan.bin",
		"Smoke test":   "wsdeploy -json smoke -provider aliyun",
		"Read the URL": "url=$(wsdeploy output -raw -provider aliyun url)",
	} {
		s := w.step(t, name)
		if !strings.Contains(s.Run, cmd) {
			t.Errorf("step %q does not run %q:\n%s", name, cmd, s.Run)
		}
	}
	if got := w.step(t, "Apply").If; got != "steps.plan.outputs.exitcode == '2' && github.event_name == 'push'" {
		t.Errorf("Apply runs if %q", got)
	}
	if got := w.step(t, "Smoke test").If; got != "steps.plan.outputs.exitcode == '0' && github.event_name == 'push'" {
		t.Errorf("Smoke test runs if %q", got)
	}
	if got := w.step(t, "Integration tests"); got.Env["WSDEPLOY_URL"] != "${{ steps.url.outputs.url }}" || w.step(t, "Read the URL").ID != "url" {
		t.Errorf("the integration tests do not get the URL the Read the URL step read: env %v", got.Env)
	}
	// Scripts read values from the environment, never from ${{ }}
	// expressions spliced into the shell text (script injection).
	for _, s := range w.Jobs["deploy"].Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q splices an expression into its script", s.Name)
		}
	}
}

// ciStack deploys with provider "aliyun" to the gateway's FC API; expect
// becomes the smoke block's expectation and the function's description, so
// a wrong one makes a change whose smoke test fails.
const ciStack = `
provider "aliyun" {
  region   = "cn-hangzhou"
  endpoint = "http://%s"
}

variable "expect" {
  default = "ci"
}

function "ci-echo" {
  code                 = %q
  description          = "expects ${var.expect}"
  timeout              = 900
  instance_concurrency = 10
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    send   = "ci"
    expect = var.expect
  }
}

output "url" {
  value = function.ci-echo.http_trigger.ws.url
}
`

// The Plan, Apply and Smoke test steps' scripts, run by bash as GitHub
// runs them, against a local gateway standing in for Function Compute:
// their exit codes decide the stage.
func TestWorkflowScripts(t *testing.T) {
	w := load(t)
	exampletest.RequirePython(t, "websockets") // the function is echo-python's server
	exampletest.RequireCommand(t, "jq")
	gw := exampletest.StartGateway(t)
	gw.RequireSandbox(t) // echo-python's server is written for FC: port 9000, /code

	src, err := filepath.Abs("../echo-python/src")
	if err != nil {
		t.Fatal(err)
	}
	stack := t.TempDir()
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(fmt.Sprintf(ciStack, gw.ControlAddress(t), src)), 0o644)
	t.Cleanup(func() { gw.RunEnv(t, gw.AliyunEnv(t), stack, "destroy", "-auto-approve", "-provider", "aliyun") })

	run := func(name string, env ...string) (int, string, map[string]string) {
		t.Helper()
		s := w.step(t, name)
		outputs := filepath.Join(t.TempDir(), "outputs")
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.Run)
		cmd.Dir = stack
		cmd.Env = append(os.Environ(), gw.AliyunEnv(t)...)
		cmd.Env = append(cmd.Env,
			"PATH="+filepath.Dir(exampletest.Binary(t))+string(os.PathListSeparator)+os.Getenv("PATH"),
			"GITHUB_OUTPUT="+outputs, "NO_COLOR=1", "WSDEPLOY_VAR_expect=ci")
		cmd.Env = append(cmd.Env, env...)
		out, err := cmd.CombinedOutput()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		kv := map[string]string{}
		b, _ := os.ReadFile(outputs)
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				kv[k] = v
			}
		}
		return code, string(out), kv
	}
	expect := func(name string, gotCode, wantCode int, out string) {
		t.Helper()
		if gotCode != wantCode {
			t.Fatalf("step %q: exit %d, want %d\n%s", name, gotCode, wantCode, out)
		}
	}

	code, out, kv := run("Plan")
	expect("Plan", code, 0, out)
	if kv["exitcode"] != "2" {
		t.Fatalf("first plan: exitcode=%q, want 2 (changes)\n%s", kv["exitcode"], out)
	}
	code, out, _ = run("Apply")
	expect("Apply", code, 0, out)
	if !strings.Contains(out, "Smoke test passed") {
		t.Errorf("apply did not smoke-test:\n%s", out)
	}
	// The URL step reads the trigger's URL from what is deployed.
	code, out, kv = run("Read the URL")
	expect("Read the URL", code, 0, out)
	if u := kv["url"]; !strings.HasPrefix(u, "http://") || !strings.Contains(out, "Deployed at "+u) {
		t.Errorf("url=%q\n%s", u, out)
	}

	code, out, kv = run("Plan")
	expect("Plan", code, 0, out)
	if kv["exitcode"] != "0" {
		t.Fatalf("plan after apply: exitcode=%q, want 0\n%s", kv["exitcode"], out)
	}
	code, out, _ = run("Smoke test")
	expect("Smoke test", code, 0, out)

	// A deployment whose server answers wrongly fails the stage with 3.
	wrong := "WSDEPLOY_VAR_expect=something else"
	code, out, kv = run("Plan", wrong)
	expect("Plan", code, 0, out)
	if kv["exitcode"] != "2" {
		t.Fatalf("changed plan: exitcode=%q, want 2\n%s", kv["exitcode"], out)
	}
	code, out, _ = run("Apply", wrong)
	expect("Apply", code, 3, out)
	if !strings.Contains(out, "::error::deployed, but the smoke test failed") {
		t.Errorf("apply with a failing smoke test printed:\n%s", out)
	}
	code, out, _ = run("Smoke test", wrong)
	expect("Smoke test", code, 3, out)
}
