package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const devStack = `
stack = "dev-e2e"

variable "note" {
  default = "first"
}

function "echo" {
  code        = "./src"
  description = var.note
  timeout     = 600
  http_trigger "ws" {
    auth_type = "anonymous"
  }
  smoke {
    send   = "hi"
    expect = "hi"
  }
}

output "url" {
  value = function.echo.http_trigger.ws.url
}
`

// devBootstrap starts the echo-go server, which names the instance
// FC_INSTANCE_ID says in its answer to a plain GET: tag shows which code
// serves.
func devBootstrap(tag string) string {
	return "#!/bin/sh\nexec env FC_INSTANCE_ID=" + tag + " \"$(dirname \"$0\")/echo\"\n"
}

// devOutput is what a running wsdeploy dev has printed so far.
type devOutput struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *devOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *devOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// eventually polls cond until it holds, failing after a generous deadline.
func eventually(t *testing.T, what string, out *devOutput, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 90 s; dev printed:\n%s", what, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// get is the body a plain GET of url answers, "" on any failure.
func get(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// wsdeploy dev applies, serves a code edit on the next connection, reports
// an HCL syntax error and goes on, applies the fix, and leaves the
// function deployed on Ctrl-C.
func TestE2EDevLoop(t *testing.T) {
	stack, env := deployEnv(t)
	src := filepath.Join(stack, "src")
	os.Remove(filepath.Join(src, "bootstrap"))
	if out, err := exec.Command("go", "build", "-o", filepath.Join(src, "echo"), "../../examples/echo-go/server").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	writeFile := func(path, text string, mode os.FileMode) {
		t.Helper()
		// Through a temporary file and a rename, as editors save: a
		// bootstrap half written is never packaged.
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	// The temporary files are not code.
	os.WriteFile(filepath.Join(src, ".fcignore"), []byte("*.tmp\n"), 0o644)
	writeFile(filepath.Join(src, "bootstrap"), devBootstrap("v1"), 0o755)
	writeFile(filepath.Join(stack, "main.hcl"), devStack, 0o644)

	out := &devOutput{}
	cmd := exec.Command(binary(t), "-no-color", "dev", "-quiet", "200ms")
	cmd.Dir, cmd.Env = stack, append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})

	urlLine := regexp.MustCompile(`url = "(http://127\.0\.0\.1:[^"]+)"`)
	var url string
	eventually(t, "the first apply's url", out, func() bool {
		if m := urlLine.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
		return url != ""
	})
	eventually(t, "v1 served", out, func() bool { return strings.Contains(get(url), "instance v1 answered") })
	eventually(t, "watching", out, func() bool { return containsAll(out.String(), "Smoke test passed!", "Watching "+stack) })

	writeFile(filepath.Join(src, "bootstrap"), devBootstrap("v2"), 0o755)
	eventually(t, "the edit served", out, func() bool { return strings.Contains(get(url), "instance v2 answered") })
	// The instance's log is streamed between rounds.
	eventually(t, "v2's log", out, func() bool { return strings.Contains(out.String(), "echo-go: instance v2 listening") })

	mark := len(out.String())
	writeFile(filepath.Join(stack, "main.hcl"), devStack+"\nfunction \"broken\" {\n", 0o644)
	eventually(t, "the syntax error reported", out, func() bool {
		return containsAll(out.String()[mark:], "Changed: main.hcl", "Error: ", "main.hcl:")
	})
	if !strings.Contains(get(url), "instance v2 answered") {
		t.Errorf("the function stopped serving after a syntax error")
	}

	mark = len(out.String())
	writeFile(filepath.Join(stack, "main.hcl"), strings.Replace(devStack, `"first"`, `"second"`, 1), 0o644)
	eventually(t, "the fix applied", out, func() bool {
		return strings.Contains(out.String()[mark:], "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.")
	})

	cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-exited:
		exited <- err // for the cleanup
		if err != nil {
			t.Fatalf("dev after SIGINT: %v\n%s", err, out)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("dev did not end within 60 s of SIGINT:\n%s", out)
	}
	if !strings.Contains(out.String(), "Stopped watching. The deployment keeps running") {
		t.Errorf("dev's last words:\n%s", out)
	}
	if !strings.Contains(get(url), "instance v2 answered") {
		t.Errorf("the function is no longer served after dev ended")
	}
	runBinaryEnv(t, env, stack, "", "plan", "-detailed-exitcode").expect(t, exitOK)
}

// dev refuses a stack that deploys elsewhere than the local gateway.
func TestE2EDevRefusesOtherProviders(t *testing.T) {
	stack, env := deployEnv(t)
	os.WriteFile(filepath.Join(stack, "provider.hcl"), []byte("provider \"aliyun\" {\n  region = \"cn-hangzhou\"\n}\n"), 0o644)
	r := runBinaryEnv(t, env, stack, "", "dev")
	noStackTrace(t, r)
	r.expect(t, exitError)
	if !strings.Contains(r.stderr, `wsdeploy dev deploys only to the local gateway, and this stack deploys with provider "aliyun"`) {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}
