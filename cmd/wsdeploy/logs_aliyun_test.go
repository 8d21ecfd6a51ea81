package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/aliyun/slslogs/slstest"
)

// inAliyunLogsStack writes a stack deployed with the aliyun provider ("chat"
// logs to SLS, "quiet" has no log block) and makes it the working
// directory until the test ends.
func inAliyunLogsStack(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "app"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "app", "bootstrap"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	fn := func(name, extra string) string {
		return fmt.Sprintf(`
function %q {
  runtime = "custom.debian12"
  code    = "./app"
  command = ["./bootstrap"]
%s
  http_trigger "ws" {
    methods = ["GET"]
  }
}
`, name, extra)
	}
	src := `provider "aliyun" {
  region            = "cn-hangzhou"
  account_id        = "1234567890"
  access_key_id     = "` + slstest.AK + `"
  access_key_secret = "` + slstest.Secret + `"
}
` + fn("chat", "  log {\n    project  = \"chat-logs\"\n    logstore = \"fc-chat\"\n  }\n") + fn("quiet", "")
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
}

// runCLIEnv runs wsdeploy in process with environ as its environment.
func runCLIEnv(t *testing.T, environ []string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"wsdeploy"}, args...), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		getenv: func(string) string { return "" }, environ: environ})
	return result{code, out.String(), errOut.String()}
}

func noSecret(t *testing.T, r result) {
	t.Helper()
	if strings.Contains(r.stdout+r.stderr, slstest.Secret) {
		t.Errorf("the output shows the access key secret:\n%s\n%s", r.stdout, r.stderr)
	}
}

// On an aliyun stack, logs reads the function's lines from the SLS project
// and logstore of its log block, in the window --since gives, through the
// SLS stand-in (the real SLS cannot run here).
func TestLogsReadsSLSOnAnAliyunStack(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	inAliyunLogsStack(t)
	sls, endpoint := slstest.New(t, "chat-logs", "fc-chat")
	now := time.Now().Unix()
	sls.Add(slstest.Line(now-2*3600, "chat", "c-old", "two hours ago"),
		slstest.Line(now-300, "chat", "c-65603d8c", "listening on 0.0.0.0:9000"),
		slstest.Line(now-200, "quiet", "c-other", "another function's line"))
	environ := []string{envSLSEndpoint + "=" + endpoint}

	r := runCLIEnv(t, environ, "logs", "--since", "30m", "chat")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "c-65603d8c") || !strings.Contains(r.stdout, "listening on 0.0.0.0:9000") {
		t.Errorf("stdout lacks the function's line:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "two hours ago") || strings.Contains(r.stdout, "another function") {
		t.Errorf("stdout shows lines outside --since 30m or of another function:\n%s", r.stdout)
	}
	noSecret(t, r)

	// Without --since, the last hour; -json gives one event per line.
	r = runCLIEnv(t, environ, "-json", "logs", "chat")
	r.expect(t, 0)
	evs := jsonEvents(t, r.stdout)
	var lines []string
	for _, ev := range evs {
		if ev["type"] == "log" {
			lines = append(lines, fmt.Sprint(ev["@message"]))
		}
	}
	if len(lines) != 1 || lines[0] != "listening on 0.0.0.0:9000" {
		t.Errorf("-json log events %q, want the one line of the last hour\n%s", lines, r.stdout)
	}
	noSecret(t, r)
}

// A function without a log block has no logs on FC: logs says so and
// shows the block to add, without calling SLS.
func TestLogsAliyunFunctionWithoutLogBlock(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	inAliyunLogsStack(t)
	sls, endpoint := slstest.New(t, "chat-logs", "fc-chat")
	r := runCLIEnv(t, []string{envSLSEndpoint + "=" + endpoint}, "logs", "quiet")
	r.expect(t, 1)
	for _, want := range []string{`function "quiet" has no log block`, "logConfig", "log {", "logstore =", "wsdeploy apply"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if sls.Calls() != 0 {
		t.Errorf("SLS was called %d times", sls.Calls())
	}
	noSecret(t, r)

	r = runCLIEnv(t, nil, "logs", "nosuch")
	r.expect(t, 1)
	if !strings.Contains(r.stderr, `no function "nosuch"`) || !strings.Contains(r.stderr, "chat, quiet") {
		t.Errorf("stderr does not name the stack's functions:\n%s", r.stderr)
	}
}

// --since that is neither a duration nor a time, or lies in the future, is
// refused before any call, saying what it accepts.
func TestLogsBadSince(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	inAliyunLogsStack(t)
	sls, endpoint := slstest.New(t, "chat-logs", "fc-chat")
	for since, want := range map[string]string{
		"yesterday":            "neither a duration (10m) nor a time",
		"-10m":                 "is in the future",
		"2999-01-01T00:00:00Z": "is in the future",
	} {
		r := runCLIEnv(t, []string{envSLSEndpoint + "=" + endpoint}, "logs", "--since", since, "chat")
		r.expect(t, 1)
		if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "--since") {
			t.Errorf("--since %s: stderr lacks %q:\n%s", since, want, r.stderr)
		}
	}
	if sls.Calls() != 0 {
		t.Errorf("SLS was called %d times", sls.Calls())
	}
}
