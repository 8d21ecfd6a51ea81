package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// buildFlags gains -race under `go test -race`, so the server binary is
// checked for races while real clients drive it.
var buildFlags []string

const waitLimit = 20 * time.Second // generous: CI machines are slow under -race

func TestListenPort(t *testing.T) {
	for _, tc := range []struct{ server, custom, want string }{
		{"", "", "9000"},
		{"9100", "", "9100"},
		{"", "9200", "9200"},
		{"9100", "9200", "9100"},
	} {
		t.Setenv("FC_SERVER_PORT", tc.server)
		t.Setenv("FC_CUSTOM_LISTEN_PORT", tc.custom)
		if got := listenPort(); got != tc.want {
			t.Errorf("FC_SERVER_PORT=%q FC_CUSTOM_LISTEN_PORT=%q: port %q, want %q", tc.server, tc.custom, got, tc.want)
		}
	}
}

// wsClient is a third-party WebSocket client run as a process.
type wsClient struct {
	name    string
	missing func() string // why the client cannot run, or ""
	command func(ctx context.Context, args ...string) *exec.Cmd
}

var clients = []wsClient{
	{
		name: "python-websockets",
		missing: func() string {
			// Debian's python modules belong to Debian's interpreter, not pyenv's.
			if err := exec.Command("/usr/bin/python3", "-c", "import websockets").Run(); err != nil {
				return "/usr/bin/python3 cannot import websockets (apt-get install python3-websockets, or make deps)"
			}
			return ""
		},
		command: func(ctx context.Context, args ...string) *exec.Cmd {
			return exec.CommandContext(ctx, "/usr/bin/python3", append([]string{"testdata/client.py"}, args...)...)
		},
	},
	{
		name: "node-ws",
		missing: func() string {
			if _, err := exec.LookPath("node"); err != nil {
				return "node is not installed"
			}
			if _, err := os.Stat("testdata/node/node_modules/ws/package.json"); err != nil {
				return "ws is not installed in testdata/node (npm ci there, or make deps)"
			}
			return ""
		},
		command: func(ctx context.Context, args ...string) *exec.Cmd {
			cmd := exec.CommandContext(ctx, "node", append([]string{"client.mjs"}, args...)...)
			cmd.Dir = "testdata/node"
			return cmd
		},
	},
}

// requireClient skips when the client is missing, unless CI demands it.
func requireClient(t *testing.T, c wsClient) {
	t.Helper()
	testtier.Require(t, c.name, c.missing())
}

type echoResult struct {
	Text           *string `json:"text"`
	TextIsBinary   bool    `json:"text_is_binary"`
	BinaryHex      *string `json:"binary_hex"`
	BinaryIsBinary bool    `json:"binary_is_binary"`
	PongHex        string  `json:"pong_hex"`
	CloseCode      int     `json:"close_code"`
	CloseReason    string  `json:"close_reason"`
}

func TestEchoServer(t *testing.T) {
	testtier.NeedsProcesses(t)
	bin := buildServer(t)

	t.Run("page", func(t *testing.T) {
		s := startServer(t, bin, "FC_INSTANCE_ID=c-page-0123")
		resp, err := http.Get("http://" + s.addr + "/some/path")
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "instance c-page-0123") {
			t.Errorf("GET /some/path: %d %q; want 200 naming instance c-page-0123", resp.StatusCode, body)
		}

		resp, err = http.Post("http://"+s.addr+"/", "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST /: status %d, want 405", resp.StatusCode)
		}
	})

	t.Run("binds all interfaces", func(t *testing.T) {
		s := startServer(t, bin)
		if _, err := os.Stat("/proc/net/tcp"); err != nil {
			t.Skip("needs Linux /proc/net to read the listening address")
		}
		if !listensOnAllInterfaces(t, s.port) {
			t.Errorf("no socket listens on 0.0.0.0:%d or [::]:%d; FC cannot reach a server bound to loopback", s.port, s.port)
		}
	})

	t.Run("custom listen port", func(t *testing.T) {
		// FC_SERVER_PORT is unset: the server must fall back to FC's own variable.
		s := startServerEnv(t, bin, "FC_CUSTOM_LISTEN_PORT")
		resp, err := http.Get("http://" + s.addr + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /: status %d, want 200", resp.StatusCode)
		}
	})

	for _, c := range clients {
		t.Run(c.name+"/echo", func(t *testing.T) {
			requireClient(t, c)
			s := startServer(t, bin)
			text := fmt.Sprintf("héllo ✓ %d", rand.Int64())
			// Larger than coder/websocket's default 32 KiB read limit, and not
			// valid UTF-8, so a text/binary mix-up or a size cap shows.
			binary := make([]byte, 40_000)
			for i := range binary {
				binary[i] = byte(rand.IntN(256))
			}
			binary[0] = 0xff

			ping := fmt.Sprintf("ping-%d", rand.Uint32())
			out := runClient(t, c, "echo", "ws://"+s.addr+"/ws?room=1", text, hex.EncodeToString(binary), ping)
			var got echoResult
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("client output %q: %v", out, err)
			}
			if got.TextIsBinary || got.Text == nil || *got.Text != text {
				t.Errorf("text echo: got %v (binary=%v), want text %q", got.Text, got.TextIsBinary, text)
			}
			if !got.BinaryIsBinary || got.BinaryHex == nil || *got.BinaryHex != hex.EncodeToString(binary) {
				t.Errorf("binary echo: binary=%v, same bytes=%v; want the %d bytes back as a binary message",
					got.BinaryIsBinary, got.BinaryHex != nil && *got.BinaryHex == hex.EncodeToString(binary), len(binary))
			}
			if got.PongHex != hex.EncodeToString([]byte(ping)) {
				t.Errorf("pong payload %q, want the ping's %q", got.PongHex, ping)
			}
			if got.CloseCode != 1000 || got.CloseReason != "bye" {
				t.Errorf("close: server answered %d %q, want 1000 \"bye\" echoed", got.CloseCode, got.CloseReason)
			}
			if line := s.waitLine(t, "/ws: connection ended after"); !strings.Contains(line, "close 1000") {
				t.Errorf("server log %q, want the client's close 1000 in it", line)
			}
		})

		t.Run(c.name+"/sigterm", func(t *testing.T) {
			requireClient(t, c)
			s := startServer(t, bin)
			ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
			defer cancel()
			cmd := c.command(ctx, "hold", "ws://"+s.addr+"/")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := bufio.NewScanner(stdout)
			if !lines.Scan() || lines.Text() != "open" {
				cmd.Wait()
				t.Fatalf("client did not connect: %q, stderr: %s", lines.Text(), stderr.String())
			}

			if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			lines.Scan()
			last := lines.Bytes()
			if err := cmd.Wait(); err != nil {
				t.Fatalf("client: %v, stderr: %s", err, stderr.String())
			}
			var got echoResult
			if err := json.Unmarshal(last, &got); err != nil {
				t.Fatalf("client output %q: %v", last, err)
			}
			if got.CloseCode != 1001 {
				t.Errorf("on SIGTERM the client saw close %d %q, want 1001 (going away)", got.CloseCode, got.CloseReason)
			}
			if err := s.wait(t); err != nil {
				t.Errorf("server exit after SIGTERM: %v, want exit 0", err)
			}
			s.waitLine(t, "connection ended after")
		})
	}
}

func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "echo-go")
	args := append(append([]string{"build"}, buildFlags...), "-o", bin, ".")
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func runClient(t *testing.T, c wsClient, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := c.command(ctx, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\nstdout: %s\nstderr: %s", c.name, err, stdout.String(), stderr.String())
	}
	return stdout.Bytes()
}

// server is a running echo server process.
type server struct {
	cmd    *exec.Cmd
	port   int
	addr   string      // loopback address that reaches it
	lines  chan string // its stdout, line by line; closed at EOF
	stderr bytes.Buffer

	exited  chan struct{}
	waitErr error
	seen    []string // lines already read by waitLine
}

// startServer runs bin on a free port with FC_SERVER_PORT and extra env.
func startServer(t *testing.T, bin string, env ...string) *server {
	return startServerEnv(t, bin, "FC_SERVER_PORT", env...)
}

// startServerEnv passes the free port in the variable portVar.
func startServerEnv(t *testing.T, bin, portVar string, env ...string) *server {
	t.Helper()
	port := freePort(t)
	s := &server{
		port:   port,
		addr:   net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		lines:  make(chan string, 1000),
		exited: make(chan struct{}),
	}
	s.cmd = exec.Command(bin)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FC_") {
			s.cmd.Env = append(s.cmd.Env, kv)
		}
	}
	s.cmd.Env = append(s.cmd.Env, portVar+"="+strconv.Itoa(port))
	s.cmd.Env = append(s.cmd.Env, env...)
	s.cmd.Stderr = &s.stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
		// Wait only after stdout is drained, as os/exec requires.
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			s.cmd.Process.Kill()
			<-s.exited
		}
		for line := range s.lines { // closed before exited
			s.seen = append(s.seen, line)
		}
		if t.Failed() {
			t.Logf("server stdout: %s\nserver stderr: %s", strings.Join(s.seen, "\n"), s.stderr.String())
		}
	})
	s.waitReady(t)
	return s
}

// waitReady polls the port until the server accepts connections.
func (s *server) waitReady(t *testing.T) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(waitLimit)
	for {
		conn, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err == nil {
			conn.Close()
			return
		}
		select {
		case <-s.exited:
			t.Fatalf("server exited before listening: %v\nstderr: %s", s.waitErr, s.stderr.String())
		case <-deadline:
			t.Fatalf("server not listening on %s after %s: %v", s.addr, waitLimit, err)
		case <-tick.C:
		}
	}
}

// waitLine reads the server's stdout until a line contains substr.
func (s *server) waitLine(t *testing.T, substr string) string {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				t.Fatalf("server stdout ended without a line containing %q; lines:\n%s", substr, strings.Join(s.seen, "\n"))
			}
			s.seen = append(s.seen, line)
			if strings.Contains(line, substr) {
				return line
			}
		case <-deadline:
			t.Fatalf("no server log line containing %q after %s; lines:\n%s", substr, waitLimit, strings.Join(s.seen, "\n"))
		}
	}
}

// wait returns the server's exit error once it has exited.
func (s *server) wait(t *testing.T) error {
	t.Helper()
	select {
	case <-s.exited:
		return s.waitErr
	case <-time.After(waitLimit):
		return errors.New("still running")
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// listensOnAllInterfaces reports whether /proc/net lists a listening socket
// on the wildcard address and port.
func listensOnAllInterfaces(t *testing.T, port int) bool {
	t.Helper()
	wildcard := map[string]bool{
		fmt.Sprintf("00000000:%04X", port):                         true,
		fmt.Sprintf("00000000000000000000000000000000:%04X", port): true,
	}
	for _, file := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			f := strings.Fields(line)
			const listen = "0A"
			if len(f) > 3 && wildcard[f[1]] && f[3] == listen {
				return true
			}
		}
	}
	return false
}
