package dataplane

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// TestFunctionFailureTellsClientsFCsMessageOnly: when a function cannot
// start, exits at once, or dies during a handshake, an anonymous client
// gets FC's 502 and message, with no exec error, path, PATH, output or
// environment of the instance; the function's log (what wsdeploy logs
// reads) has the detail, under the request id the client got.
func TestFunctionFailureTellsClientsFCsMessageOnly(t *testing.T) {
	const secret = "hunter2-secret-value"
	cases := []struct {
		name     string
		spec     func(*FunctionSpec)
		target   string // "" is a plain GET; else a WebSocket to this target
		status   int
		code     fcspec.Code
		inLog    []string // the function's log holds these
		inDetail string   // and this on a gateway line with the request id
	}{
		{"command-not-found", func(s *FunctionSpec) { s.Command = []string{"no-such-command-ws13"} }, "",
			http.StatusPreconditionFailed, fcspec.CodeCAFileNotFound, []string{`command no-such-command-ws13 is not found in PATH`}, "failed to start"},
		{"command-not-found-ws", func(s *FunctionSpec) { s.Command = []string{"no-such-command-ws13"} }, "/ws",
			http.StatusPreconditionFailed, fcspec.CodeCAFileNotFound, []string{`command no-such-command-ws13 is not found in PATH`}, "failed to start"},
		{"exits-at-once", func(s *FunctionSpec) {
			s.Command = []string{"/bin/sh", "-c", "echo leaked-$WS13_TOKEN >&2; exit 3"}
			s.Env = map[string]string{"WS13_TOKEN": secret}
		}, "/ws", http.StatusPreconditionFailed, fcspec.CodeCAExited, []string{"leaked-" + secret}, "failed to start"},
		{"dies-during-handshake", nil, "/ws?crash=1", http.StatusBadGateway, fcspec.CodeFunctionCrashed, []string{"crashing during the handshake"}, "before answering the handshake"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			logs := t.TempDir()
			sink, err := instance.NewFileSink(logs)
			if err != nil {
				t.Fatal(err)
			}
			e := newEnv(t, func(cfg *Config) { cfg.LogSink = sink })
			s := e.function("fn", c.spec)
			url := e.trigger("fn", nil)

			var status int
			var h http.Header
			var body string
			if c.target == "" {
				status, h, body = e.get(url)
			} else {
				_, resp, err := dial(t, url+strings.TrimPrefix(c.target, "/"), nil)
				if err == nil {
					t.Fatal("the handshake succeeded")
				}
				status, h, body = resp.StatusCode, resp.Header, readAll(t, resp)
			}
			expectRefusal(t, status, h, body, c.status, fcspec.ErrorTypeUnhandled, c.code)
			leaks := []string{secret, "PATH", "no-such-command", "exit status", "EOF", "/", s.CodeDir}
			leaks = append(leaks, filepath.SplitList(os.Getenv("PATH"))...)
			var shown []string
			for _, l := range leaks {
				if l != "" && strings.Contains(body, l) {
					shown = append(shown, l)
				}
			}
			if len(shown) > 0 {
				t.Errorf("the 502 body %q shows %q to an anonymous client", body, shown)
			}

			id := h.Get(headerRequestID)
			var log []string
			err = instance.ReadLog(context.Background(), instance.LogPath(logs, "fn"), instance.ReadOptions{}, func(en instance.Entry) error {
				log = append(log, en.String())
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(log, "\n")
			for _, want := range c.inLog {
				if !strings.Contains(all, want) {
					t.Errorf("the function's log lacks %q:\n%s", want, all)
				}
			}
			found := false
			for _, l := range log {
				found = found || strings.Contains(l, " "+streamGateway+" request "+id) && strings.Contains(l, c.inDetail)
			}
			if !found {
				t.Errorf("the function's log has no gateway line for request %s saying %q:\n%s", id, c.inDetail, all)
			}
		})
	}
}
