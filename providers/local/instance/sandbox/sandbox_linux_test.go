package sandbox

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestAvailableHere(t *testing.T) {
	ok, reason := Available()
	if !ok {
		t.Fatalf("sandbox unavailable: %s", reason)
	}
}

// start runs script (python) in a sandbox with code holding files.
func start(t *testing.T, files map[string]string, args ...string) (*Channel, func() string) {
	t.Helper()
	code := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(code, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd, ch, err := Command(Config{Function: "f", InstanceID: "c-test", CodeDir: code, RootDir: t.TempDir(),
		Path: args[0], Args: args, Env: []string{"PATH=/usr/bin:/bin"}, TmpBytes: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	r, w, _ := os.Pipe()
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	var out strings.Builder
	outDone := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
		}
		close(outDone)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		ch.Close()
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := ch.Begin(ctx); err != nil {
		t.Fatalf("begin: %v", err)
	}
	return ch, func() string { cmd.Wait(); <-outDone; return out.String() }
}

func TestServerOn9000ReadsCode(t *testing.T) {
	ch, _ := start(t, map[string]string{"msg.txt": "hello from code\n", "server.py": `
import socket
msg = open("/code/msg.txt").read()
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 9000)); s.listen(8)
while True:
    c, _ = s.accept(); c.sendall(msg.encode()); c.close()
`}, "/usr/bin/python3", "/code/server.py")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for {
		c, err := ch.Dial(ctx, 9000)
		if err != nil {
			if ctx.Err() != nil {
				t.Fatal(err)
			}
			continue
		}
		b := make([]byte, 100)
		n, _ := c.Read(b)
		c.Close()
		if got := string(b[:n]); got != "hello from code\n" {
			t.Fatalf("got %q", got)
		}
		return
	}
}
