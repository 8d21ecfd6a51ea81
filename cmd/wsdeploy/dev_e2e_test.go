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

// saveFile writes path through a temporary file and a rename, as editors
// save, so a half-written file is never packaged (src's .fcignore leaves
// the temporary files out).
func saveFile(t *testing.T, path, text string, mode os.FileMode) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// devEnv is deployEnv with the echo-go server compiled into src/echo,
// and hcl as the stack.
func devEnv(t *testing.T, hcl string) (string, []string) {
	t.Helper()
	stack, env := deployEnv(t)
	src := filepath.Join(stack, "src")
	os.Remove(filepath.Join(src, "bootstrap"))
	if out, err := exec.Command("go", "build", "-o", filepath.Join(src, "echo"), "../../examples/echo-go/server").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(src, ".fcignore"), []byte("*.tmp\n"), 0o644)
	saveFile(t, filepath.Join(stack, "main.hcl"), hcl, 0o644)
	return stack, env
}

// runningDev is a wsdeploy dev process.
type runningDev struct {
	cmd    *exec.Cmd
	out    *devOutput
	exited chan error
	url    string // the first apply's output "url"
}

// startDev starts wsdeploy dev in stack and waits for its first round to
// end, smoke test passed.
func startDev(t *testing.T, stack string, env []string) *runningDev {
	t.Helper()
	d := &runningDev{out: &devOutput{}, exited: make(chan error, 1)}
	d.cmd = exec.Command(binary(t), "-no-color", "dev", "-quiet", "200ms")
	d.cmd.Dir, d.cmd.Env = stack, append(os.Environ(), env...)
	d.cmd.Stdout, d.cmd.Stderr = d.out, d.out
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { d.exited <- d.cmd.Wait() }()
	t.Cleanup(func() {
		d.cmd.Process.Kill()
		<-d.exited
	})
	urlLine := regexp.MustCompile(`url = "(http://127\.0\.0\.1:[^"]+)"`)
	eventually(t, "the first round", d.out, func() bool {
		if m := urlLine.FindStringSubmatch(d.out.String()); m != nil {
			d.url = m[1]
		}
		return d.url != "" && containsAll(d.out.String(), "Smoke test passed!", "Watching "+stack)
	})
	return d
}

// wsdeploy dev applies, serves a code edit on the next connection, reports
// an HCL syntax error and goes on, applies the fix, and leaves the
// function deployed on Ctrl-C.
func TestE2EDevLoop(t *testing.T) {
	stack, env := devEnv(t, devStack)
	src := filepath.Join(stack, "src")
	saveFile(t, filepath.Join(src, "bootstrap"), devBootstrap("v1"), 0o755)
	d := startDev(t, stack, env)
	out, url, cmd, exited := d.out, d.url, d.cmd, d.exited
	eventually(t, "v1 served", out, func() bool { return strings.Contains(get(url), "instance v1 answered") })

	saveFile(t, filepath.Join(src, "bootstrap"), devBootstrap("v2"), 0o755)
	eventually(t, "the edit served", out, func() bool { return strings.Contains(get(url), "instance v2 answered") })
	// The instance's log is streamed between rounds.
	eventually(t, "v2's log", out, func() bool { return strings.Contains(out.String(), "echo-go: instance v2 listening") })

	mark := len(out.String())
	saveFile(t, filepath.Join(stack, "main.hcl"), devStack+"\nfunction \"broken\" {\n", 0o644)
	eventually(t, "the syntax error reported", out, func() bool {
		return containsAll(out.String()[mark:], "Changed: main.hcl", "Error: ", "main.hcl:")
	})
	if !strings.Contains(get(url), "instance v2 answered") {
		t.Errorf("the function stopped serving after a syntax error")
	}

	mark = len(out.String())
	saveFile(t, filepath.Join(stack, "main.hcl"), strings.Replace(devStack, `"first"`, `"second"`, 1), 0o644)
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

// What a build block writes into the code directory is the build's output,
// not a change: editing the build's input starts one round, not a round
// after every build.
func TestE2EDevBuildOutputIsNotAChange(t *testing.T) {
	built := strings.Replace(devStack, `  timeout     = 600`, `  timeout     = 600
  build {
    command = ["cp", "tmpl/bootstrap.sh", "src/bootstrap"]
  }`, 1)
	stack, env := devEnv(t, built)
	os.Mkdir(filepath.Join(stack, "tmpl"), 0o755)
	saveFile(t, filepath.Join(stack, "tmpl", "bootstrap.sh"), devBootstrap("b1"), 0o755)
	d := startDev(t, stack, env)
	eventually(t, "b1 served", d.out, func() bool { return strings.Contains(get(d.url), "instance b1 answered") })

	saveFile(t, filepath.Join(stack, "tmpl", "bootstrap.sh"), devBootstrap("b2"), 0o755)
	eventually(t, "the edit built and served", d.out, func() bool { return strings.Contains(get(d.url), "instance b2 answered") })
	// A last change whose round ends the test: a round for the build's
	// output would come before it.
	mark := len(d.out.String())
	saveFile(t, filepath.Join(stack, "main.hcl"), strings.Replace(built, `"first"`, `"second"`, 1), 0o644)
	// The b2 round may still be printing (b2 serves before its apply
	// reports): wait for the apply that follows main.hcl's round.
	eventually(t, "the last change applied", d.out, func() bool {
		_, after, ok := strings.Cut(d.out.String()[mark:], "Changed: main.hcl")
		return ok && strings.Contains(after, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.")
	})
	var rounds []string
	for _, line := range strings.Split(d.out.String(), "\n") {
		if strings.HasPrefix(line, "Changed: ") {
			rounds = append(rounds, line)
		}
	}
	if len(rounds) != 2 || !strings.Contains(rounds[0], "tmpl/bootstrap.sh") || !strings.Contains(rounds[1], "main.hcl") {
		t.Errorf("rounds started by %q, want one for tmpl/bootstrap.sh and one for main.hcl:\n%s", rounds, d.out)
	}
}
