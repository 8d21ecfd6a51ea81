package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// outputStack adds a sensitive output and a number to deployStack.
const outputStack = deployStack + `
output "token" {
  value     = var.token
  sensitive = true
}

output "replicas" {
  value = 3
}
`

// wsdeploy output evaluates the outputs with what the gateway has
// deployed: it fails before apply, prints the URL apply printed (-raw for
// scripts, -json for the stream), masks the sensitive output unless named,
// and says which outputs exist when NAME is not one.
func TestE2EOutput(t *testing.T) {
	stack, env := deployEnv(t)
	os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(outputStack), 0o644)

	r := runBinaryEnv(t, env, stack, "", "output", "-raw", "url")
	noStackTrace(t, r)
	r.expect(t, exitError)
	if !containsAll(r.stderr, `stack "e2e" has not been applied with provider "local"`, "wsdeploy apply") || r.stdout != "" {
		t.Errorf("before apply:\nstdout %q\nstderr %s", r.stdout, r.stderr)
	}

	r = runBinaryEnv(t, env, stack, "", "apply", "-auto-approve")
	r.expect(t, exitOK)
	applied := regexp.MustCompile(`url = "(http://[^"]+)"`).FindStringSubmatch(r.stdout)
	if applied == nil {
		t.Fatalf("apply printed no url:\n%s", r.stdout)
	}

	r = runBinaryEnv(t, env, stack, "", "output", "-raw", "url")
	r.expect(t, exitOK)
	if r.stdout != applied[1] {
		t.Errorf("output -raw url = %q, apply said %q", r.stdout, applied[1])
	}
	r = runBinaryEnv(t, env, stack, "", "output", "-raw", "replicas")
	r.expect(t, exitOK)
	if r.stdout != "3" {
		t.Errorf("output -raw replicas = %q", r.stdout)
	}

	r = runBinaryEnv(t, env, stack, "", "output")
	r.expect(t, exitOK)
	want := "replicas = 3\ntoken = <sensitive>\nurl = \"" + applied[1] + "\"\n"
	if r.stdout != want {
		t.Errorf("output:\n%s\nwant:\n%s", r.stdout, want)
	}
	if strings.Contains(r.stdout+r.stderr, "s3cr3t") {
		t.Errorf("the listing shows the sensitive value")
	}
	r = runBinaryEnv(t, env, stack, "", "output", "-raw", "token")
	r.expect(t, exitOK)
	if r.stdout != "s3cr3t-t0ken-value" {
		t.Errorf("output -raw token (asked by name) = %q", r.stdout)
	}

	r = runBinaryEnv(t, env, stack, "", "-json", "output")
	r.expect(t, exitOK)
	var got struct {
		Outputs map[string]struct {
			Sensitive bool            `json:"sensitive"`
			Value     json.RawMessage `json:"value"`
		} `json:"outputs"`
	}
	for _, ev := range jsonEvents(t, r.stdout) {
		if ev["type"] == "outputs" {
			b, _ := json.Marshal(ev)
			json.Unmarshal(b, &got)
		}
	}
	if u := got.Outputs["url"]; string(u.Value) != `"`+applied[1]+`"` {
		t.Errorf("-json url = %s\n%s", u.Value, r.stdout)
	}
	if tok := got.Outputs["token"]; !tok.Sensitive || tok.Value != nil {
		t.Errorf("-json token is not masked: %+v", tok)
	}

	r = runBinaryEnv(t, env, stack, "", "output", "nosuch")
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, `stack "e2e" has no output "nosuch" (its outputs: replicas, token, url)`) {
		t.Errorf("unknown name:\n%s", r.stderr)
	}
	r = runBinaryEnv(t, env, stack, "", "output", "-raw")
	r.expect(t, exitError)
}
