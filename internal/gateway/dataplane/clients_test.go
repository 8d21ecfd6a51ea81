package dataplane

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// nodeModules is where the example's npm install put ws.
var nodeModules, _ = filepath.Abs("../../../examples/echo-go/server/testdata/node/node_modules")

// wsClient is a third-party WebSocket client run as a process.
type wsClient struct {
	name    string
	missing func() string // why it cannot run, or ""
	command func(ctx context.Context, args ...string) *exec.Cmd
}

var clients = []wsClient{
	{
		name: "python-websockets",
		missing: func() string {
			// Debian's python modules belong to Debian's interpreter.
			if exec.Command("/usr/bin/python3", "-c", "import websockets").Run() != nil {
				return "/usr/bin/python3 cannot import websockets (apt-get install python3-websockets)"
			}
			return ""
		},
		command: func(ctx context.Context, args ...string) *exec.Cmd {
			return exec.CommandContext(ctx, "/usr/bin/python3", append([]string{"testdata/clients/client.py"}, args...)...)
		},
	},
	{
		name: "node-ws",
		missing: func() string {
			if _, err := exec.LookPath("node"); err != nil {
				return "node is not installed"
			}
			if _, err := os.Stat(filepath.Join(nodeModules, "ws", "package.json")); err != nil {
				return "ws is not installed in examples/echo-go/server/testdata/node (make deps)"
			}
			return ""
		},
		command: func(ctx context.Context, args ...string) *exec.Cmd {
			cmd := exec.CommandContext(ctx, "node", append([]string{"testdata/clients/client.cjs"}, args...)...)
			cmd.Env = append(os.Environ(), "NODE_PATH="+nodeModules)
			return cmd
		},
	},
}

// require skips when the client is missing, unless CI demands it.
func (c wsClient) require(t *testing.T) {
	t.Helper()
	why := c.missing()
	if why == "" {
		return
	}
	if os.Getenv("WSDEPLOY_REQUIRE_CLIENTS") != "" {
		t.Fatalf("%s: %s; WSDEPLOY_REQUIRE_CLIENTS is set, so this is a failure", c.name, why)
	}
	t.Skipf("%s: %s; set WSDEPLOY_REQUIRE_CLIENTS=1 to make this a failure", c.name, why)
}

// run runs the client to its end and decodes its JSON line into v.
func (c wsClient) run(t *testing.T, v any, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := c.command(ctx, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s %s: %v\nstdout: %s\nstderr: %s", c.name, args[0], args[1], err, stdout.String(), stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), v); err != nil {
		t.Fatalf("%s output %q: %v", c.name, stdout.String(), err)
	}
}

// held is a client in "hold" mode: connected, waiting for the close.
type held struct {
	t      *testing.T
	c      wsClient
	cmd    *exec.Cmd
	lines  *bufio.Scanner
	stderr *bytes.Buffer
	cancel context.CancelFunc
}

// hold connects a client and returns once it reports the connection open.
func (c wsClient) hold(t *testing.T, url string) *held {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	h := &held{t: t, c: c, cmd: c.command(ctx, "hold", url), stderr: &bytes.Buffer{}, cancel: cancel}
	h.cmd.Stderr = h.stderr
	out, err := h.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = h.cmd.Wait()
	})
	h.lines = bufio.NewScanner(out)
	if !h.lines.Scan() || h.lines.Text() != "open" {
		t.Fatalf("%s did not connect to %s: %q, stderr: %s", c.name, url, h.lines.Text(), h.stderr.String())
	}
	return h
}

// closeCode waits for the client to see the connection end.
func (h *held) closeCode() int {
	h.t.Helper()
	h.lines.Scan()
	last := h.lines.Bytes()
	var got struct {
		CloseCode int `json:"close_code"`
	}
	if err := json.Unmarshal(last, &got); err != nil {
		h.t.Fatalf("%s output %q: %v, stderr: %s", h.c.name, last, err, strings.TrimSpace(h.stderr.String()))
	}
	return got.CloseCode
}
