package server

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/sandbox"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// gateway.json names the mode the gateway runs: the sandbox by default
// where the kernel allows it, process mode when asked for, with one line
// that says what differs from FC.
func TestIsolationModeIsChosenAndPublished(t *testing.T) {
	want := IsolationProcess
	if ok, _ := sandbox.Available(); ok {
		want = IsolationSandbox
	}
	for _, tc := range []struct{ asked, want, says string }{
		{"", want, ""},
		{IsolationProcess, IsolationProcess, "not 9000"},
	} {
		var logs bytes.Buffer
		dir := t.TempDir()
		g := startGateway(t, dir, func(c *Config) {
			c.Isolation = tc.asked
			c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		})
		info, err := statedir.ReadInfo(dir)
		if err != nil {
			t.Fatal(err)
		}
		if info.Isolation != tc.want || g.Info().Isolation != tc.want {
			t.Errorf("asked %q: gateway.json says %q, want %q", tc.asked, info.Isolation, tc.want)
		}
		if tc.says != "" && strings.Count(logs.String(), tc.says) != 1 {
			t.Errorf("asked %q: the log should say once what differs (%q):\n%s", tc.asked, tc.says, logs.String())
		}
	}
}

func TestIsolationModeMustBeKnown(t *testing.T) {
	_, err := Start(Config{StateDir: t.TempDir(), Isolation: "vm", Logger: slog.New(slog.DiscardHandler)})
	if err == nil || !strings.Contains(err.Error(), `--isolation "vm"`) || !strings.Contains(err.Error(), "sandbox") {
		t.Fatalf("err = %v", err)
	}
}
