package main

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/daemon"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

var (
	wsfnOnce sync.Once
	wsfnBin  string
	wsfnErr  error
)

// wsfn builds the fault tests' WebSocket echo function once; the tests
// that need it start processes, so -short skips them here, before the build.
func wsfn(t *testing.T) string {
	t.Helper()
	testtier.NeedsProcesses(t)
	wsfnOnce.Do(func() {
		wsfnBin = filepath.Join(e2eDir, "wsfn")
		if out, err := exec.Command("go", "build", "-o", wsfnBin, "../../internal/faulttest/testdata/wsfn").CombinedOutput(); err != nil {
			wsfnErr = err
			wsfnBin = string(out)
		}
	})
	if wsfnErr != nil {
		t.Fatalf("building wsfn: %v\n%s", wsfnErr, wsfnBin)
	}
	return wsfnBin
}

// writeWsfnCode makes dir a function's code that runs wsfn: the binary
// inside the code (an instance sees nothing of the host's temporary
// directories, as on FC) and a bootstrap that starts it. The bootstrap
// names it relative to the working directory, which is the code in both
// modes: /code in a sandbox, the unpacked directory in process mode.
func writeWsfnCode(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(wsfn(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "wsfn"), bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bootstrap"), []byte("#!/bin/sh\nexec ./wsfn\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

const secretsStack = `
stack = "secrets"

variable "db_password" {
  sensitive = true
}
variable "api_token" {
  sensitive = true
}
variable "out_only" {
  sensitive = true
}

function "app" {
  code    = "./app"
  timeout = 600
  environment = {
    DB_PASSWORD = var.db_password
    TOKEN_URL   = "https://api.example.com/?t=${var.api_token}"
    PLAIN       = "plainly-visible"
  }
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    send   = "hello"
    expect = "hello"
  }
}

output "token" {
  value     = var.api_token
  sensitive = true
}
output "both" {
  value     = "${var.out_only}/${var.db_password}"
  sensitive = true
}
output "url" {
  value = function.app.http_trigger.ws.url
}
`

// invalidSecretsStack refuses sensitive values, which the diagnostics
// must not quote.
const invalidSecretsStack = `
variable "bad_auth" {
  sensitive = true
}
variable "bad_timeout" {
  type      = number
  sensitive = true
}
function "app" {
  code    = "./app"
  timeout = var.bad_timeout
  http_trigger "ws" {
    auth_type = var.bad_auth
  }
}
`

// A whole CLI session against a gateway with its log file (validate, plan,
// apply with a rotation of the secrets, smoke, logs, billing, gateway
// status, refused configurations, destroy; each in human and -json form)
// with distinctive secrets: the sensitive variables (from -var, the
// environment and a variables file), the gateway's access key secret and
// an ALIBABA_CLOUD_ACCESS_KEY_SECRET in everyone's environment. None
// appears in any output, in the saved plan or in any file the gateway
// wrote, except the credentials file and, for the values the function's
// environment holds, the state database that stores that environment.
func TestE2ESecretsNeverLeak(t *testing.T) {
	const (
		dbPass     = "sek-db-pass-4f1c9a"
		dbPass2    = "sek-db-pass-rotated-22b8"
		apiToken   = "sek-api-token-77d2e0"
		apiToken2  = "sek-api-token-rot-9c1f"
		outOnly    = "sek-out-only-b83e50"
		envSecret  = "cli-env-secret-5e7a91"
		badAuth    = "sek-bad-auth-0d3c"
		badTimeout = "31415926"
	)
	root := t.TempDir()
	stack, bad, gw := filepath.Join(root, "stack"), filepath.Join(root, "bad"), filepath.Join(root, "gw")
	for _, d := range []string{stack, bad} {
		writeWsfnCode(t, filepath.Join(d, "app"))
	}
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(secretsStack), 0o644)
	os.WriteFile(filepath.Join(stack, "secrets.auto.vars.hcl"), []byte(`out_only = "`+outOnly+`"`+"\n"), 0o600)
	os.WriteFile(filepath.Join(bad, "main.hcl"), []byte(invalidSecretsStack), 0o644)
	env := []string{
		statedir.EnvStateDir + "=" + gw,
		"ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIcliEnvKeyId0001",
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + envSecret,
		"ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
		"WSDEPLOY_VAR_api_token=" + apiToken,
	}

	var outputs []string
	run := func(dir string, code int, env []string, args ...string) result {
		t.Helper()
		r := runBinaryEnv(t, env, dir, "", args...)
		noStackTrace(t, r)
		if r.code != code {
			t.Fatalf("wsdeploy %q: exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", args, r.code, code, r.stdout, r.stderr)
		}
		outputs = append(outputs, r.stdout+r.stderr) // not the command line, which holds secrets
		return r
	}
	both := func(dir string, code int, env []string, args ...string) {
		t.Helper()
		run(dir, code, env, args...)
		run(dir, code, env, append([]string{"-json"}, args...)...)
	}
	run(".", exitOK, env, "gateway", "--detach", "--propagation-delay=0s")
	t.Cleanup(func() { daemon.Stop(context.Background(), gw) })
	cred, err := statedir.ReadCredentials(gw)
	if err != nil {
		t.Fatal(err)
	}
	// What guards the files below from other users (see also statedir's
	// and server's tests of these modes).
	for path, want := range map[string]os.FileMode{gw: 0o700, filepath.Join(gw, statedir.CredentialsFile): 0o600} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", path, fi.Mode().Perm(), want, err)
		}
	}

	db := "-var=db_password=" + dbPass
	planFile := filepath.Join(root, "plan.out")
	both(stack, exitOK, env, "validate", db)
	both(stack, exitChanges, env, "plan", "-detailed-exitcode", db)
	run(stack, exitOK, env, "plan", "-out", planFile, db)
	run(stack, exitOK, env, "apply", db, planFile)
	rotated := append(env[:len(env):len(env)], "WSDEPLOY_VAR_api_token="+apiToken2)
	run(stack, exitOK, rotated, "-json", "apply", "-auto-approve", "-smoke=all", "-var=db_password="+dbPass2)
	run(stack, exitOK, env, "apply", "-auto-approve", "-smoke=all", db) // and back, in human form
	both(stack, exitOK, env, "smoke", db)
	both(stack, exitOK, env, "logs", "app")
	both(stack, exitOK, env, "billing")
	both(".", exitOK, env, "gateway", "status")
	badVars := []string{"-var=bad_auth=" + badAuth, "-var=bad_timeout=" + badTimeout}
	both(bad, exitError, env, append([]string{"validate"}, badVars...)...)
	both(bad, exitError, env, append([]string{"plan"}, badVars...)...)
	run(stack, exitOK, env, "destroy", "-auto-approve", db)
	run(stack, exitOK, env, "-json", "apply", "-auto-approve", db)
	run(stack, exitOK, env, "-json", "destroy", "-auto-approve", db)
	run(".", exitOK, env, "gateway", "stop")

	all := strings.Join(outputs, "\n")
	if !containsAll(all, "(sensitive value)", "plainly-visible", `token = <sensitive>`, "(sensitive value)\" is not one of") {
		t.Errorf("the session does not show what it should (masks, plain values, refusals):\n%s", all)
	}
	envValues := []string{dbPass, dbPass2, apiToken, apiToken2} // the function's environment
	never := []string{outOnly, envSecret, badAuth, badTimeout, cred.AccessKeySecret}
	for _, s := range append(never, envValues...) {
		if i := strings.Index(all, s); i >= 0 {
			t.Errorf("%q printed: …%s…", s, all[max(0, i-300):min(len(all), i+100)])
		}
	}
	files := map[string]bool{planFile: true}
	filepath.WalkDir(gw, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && d.Name() != statedir.CredentialsFile {
			files[path] = true
		}
		return nil
	})
	for _, want := range []string{statedir.LogFile, "state.db", filepath.Join(statedir.FunctionLogDir, "app.log")} {
		if !files[filepath.Join(gw, want)] {
			t.Errorf("the gateway wrote no %s; files: %v", want, sortedKeys(files))
		}
	}
	for path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		check := never
		if filepath.Base(path) != "state.db" { // it stores the function's environment
			check = append(check, envValues...)
		}
		for _, s := range check {
			if strings.Contains(string(b), s) {
				t.Errorf("%s holds %q", path, s)
			}
		}
	}
	t.Logf("%d commands, %d files checked", len(outputs), len(files))
}
