package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// stackHCL deploys the conformance kit's echo server with the process
// provider; %s is the provider's state directory.
const stackHCL = `
stack = "process-e2e"

provider "process" {
  state_dir = %q
}

function "echo" {
  runtime = "custom.debian12"
  code    = "./dist"
  command = ["./bootstrap"]
  timeout = 300
  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }
  smoke {
    send   = "hello"
    expect = "hello"
  }
}

output "url" {
  value = function.echo.http_trigger.ws.url
}
`

// wsdeploy runs the CLI binary in dir with the plugin directory set.
type cli struct {
	bin, pluginDir, dir string
}

func (c cli) run(t *testing.T, want int, args ...string) string {
	t.Helper()
	cmd := exec.Command(c.bin, append([]string{"-plugin-dir", c.pluginDir}, args...)...)
	cmd.Dir = c.dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code != want {
		t.Fatalf("wsdeploy %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out.String(), errOut.String())
	}
	return out.String()
}

// wsdeploy deploys through the example plugin as a user would: plan, apply
// (with its smoke test), an echo through nginx, a second plan that is
// empty, destroy.
func TestDeployThroughWsdeploy(t *testing.T) {
	needNginx(t)
	root := t.TempDir()
	c := cli{bin: filepath.Join(root, "wsdeploy"), pluginDir: filepath.Dir(pluginBin), dir: filepath.Join(root, "stack")}
	for _, b := range [][]string{
		{"-o", c.bin, "github.com/wsdeploy/wsdeploy/cmd/wsdeploy"},
		{"-ldflags=-s -w", "-o", filepath.Join(c.dir, "dist", "bootstrap"), "github.com/wsdeploy/wsdeploy/plugins/plugintest/echo"},
	} {
		cmd := exec.Command("go", append([]string{"build"}, b...)...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %v: %v\n%s", b, err, out)
		}
	}
	state := stateDir(t)
	os.WriteFile(filepath.Join(c.dir, "main.hcl"), []byte(fmt.Sprintf(stackHCL, state)), 0o644)

	out := c.run(t, 2, "plan", "-detailed-exitcode")
	if !strings.Contains(out, `+ function "echo"`) || !strings.Contains(out, "Plan: 2 to add") {
		t.Errorf("plan:\n%s", out)
	}
	out = c.run(t, 0, "apply", "-auto-approve")
	m := regexp.MustCompile(`url = "(http://127\.0\.0\.1:\d+/)"`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("apply printed no trigger URL:\n%s", out)
	}
	if !strings.Contains(out, "✓ function.echo") {
		t.Errorf("apply's smoke test did not pass:\n%s", out)
	}
	echoThrough(t, m[1])
	if conf, _ := os.ReadFile(filepath.Join(state, "nginx", "nginx.conf")); !strings.Contains(string(conf), "listen "+strings.TrimSuffix(strings.TrimPrefix(m[1], "http://"), "/")) {
		t.Errorf("nginx does not serve %s:\n%s", m[1], conf)
	}

	out = c.run(t, 0, "plan", "-detailed-exitcode")
	if !strings.Contains(out, "No changes.") {
		t.Errorf("second plan:\n%s", out)
	}
	out = c.run(t, 0, "destroy", "-auto-approve")
	if !strings.Contains(out, "2 destroyed") {
		t.Errorf("destroy:\n%s", out)
	}
	c.run(t, 2, "plan", "-detailed-exitcode")
}

// echoThrough sends a message through url (nginx) and expects it back.
func echoThrough(t *testing.T, url string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(wctx, "ws"+strings.TrimPrefix(url, "http"), nil)
	if err != nil {
		t.Fatalf("dialing %s: %v", url, err)
	}
	defer conn.CloseNow()
	if err := conn.Write(wctx, websocket.MessageText, []byte("through nginx")); err != nil {
		t.Fatal(err)
	}
	_, got, err := conn.Read(wctx)
	if err != nil || string(got) != "through nginx" {
		t.Fatalf("echo through %s: %q, %v", url, got, err)
	}
	conn.Close(websocket.StatusNormalClosure, "")
}
