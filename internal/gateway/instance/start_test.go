package instance

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

func TestReadyOnWildcard(t *testing.T) {
	testtier.NeedsProcesses(t)
	for _, host := range []string{"0.0.0.0", "::", ""} {
		t.Run("host="+host, func(t *testing.T) {
			if host == "::" {
				ipv6Loopback(t)
			}
			s := spec(t, nil, "-host", host)
			inst := start(t, s)
			body, err := get(inst.Addr(), "/")
			if err != nil || strings.TrimSpace(body) != s.InstanceID {
				t.Fatalf("GET / at %s = %q, %v; want the instance id", inst.Addr(), body, err)
			}
			if inst.ColdStart() <= 0 || inst.ID() != s.InstanceID || inst.Port() != s.Port {
				t.Errorf("cold start %v, id %q, port %d", inst.ColdStart(), inst.ID(), inst.Port())
			}
		})
	}
}

func TestDefaultBootstrap(t *testing.T) {
	testtier.NeedsProcesses(t)
	s := spec(t, nil)
	s.Command = nil
	script := "#!/bin/sh\nexec " + helperBin + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(s.CodeDir, "bootstrap"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	inst := start(t, s)
	if body, err := get(inst.Addr(), "/"); err != nil || strings.TrimSpace(body) != s.InstanceID {
		t.Fatalf("GET / = %q, %v", body, err)
	}
}

// A shell that runs the server as its child (no exec): the listening
// socket belongs to the leader's child, which is still the instance's.
func TestCommandWithCodePathAndChildServer(t *testing.T) {
	testtier.NeedsProcesses(t)
	s := spec(t, nil)
	script := "#!/bin/sh\n" + helperBin + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(s.CodeDir, "run.sh"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s.Command = []string{"/code/run.sh"}
	s.Args = []string{"-host", "0.0.0.0"}
	inst := start(t, s)
	if _, err := get(inst.Addr(), "/"); err != nil {
		t.Fatal(err)
	}
	if e := inst.Stop(5 * time.Second); !e.Stopped {
		t.Errorf("exit %v, want stopped", e)
	}
}

func TestMissingBootstrap(t *testing.T) {
	s := spec(t, nil)
	s.Command = nil
	_, err := Start(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "bootstrap") || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("err = %v; want a missing bootstrap", err)
	}
	if err := os.WriteFile(filepath.Join(s.CodeDir, "bootstrap"), []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Start(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "not executable") {
		t.Fatalf("err = %v; want a non-executable bootstrap", err)
	}
}

func TestStartFailureQuotesOutputTail(t *testing.T) {
	s := spec(t, nil, "-say", "30", "-exit", "2")
	_, err := Start(context.Background(), s)
	var se *StartError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v; want a StartError", err)
	}
	if !strings.Contains(err.Error(), "exited before it was ready: exit status 2") {
		t.Errorf("err = %v; want the exit status", err)
	}
	if len(se.Tail) != TailLines || se.Tail[0] != "line 11" || se.Tail[TailLines-1] != "line 30" {
		t.Errorf("tail = %q; want line 11 to line 30", se.Tail)
	}
	if !strings.Contains(err.Error(), "\n  line 30") || strings.Contains(err.Error(), "line 10\n") {
		t.Errorf("err = %v; want the last 20 lines", err)
	}
}

func TestReadyTimeout(t *testing.T) {
	testtier.NeedsProcesses(t)
	s := spec(t, nil, "-nolisten")
	s.ReadyTimeout = 3 * time.Second
	_, err := Start(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "was not ready within 3s: nothing listens on port") ||
		!strings.Contains(err.Error(), "not listening") {
		t.Fatalf("err = %v; want a timeout with the output", err)
	}
}

// A listener of another process on the instance's port is not the instance.
func TestPortTakenByAnotherProcess(t *testing.T) {
	testtier.NeedsProcesses(t)
	s := spec(t, nil, "-nolisten")
	l, err := net.Listen("tcp", ":"+strconv.Itoa(s.Port))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	s.ReadyTimeout = 3 * time.Second
	_, err = Start(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "taken by another process") {
		t.Fatalf("err = %v; want the port conflict", err)
	}
}

func TestStartAbandoned(t *testing.T) {
	sink := newMemSink()
	s := spec(t, sink, "-nolisten")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		sink.waitLine(t, "not listening")
		cancel()
	}()
	_, err := Start(ctx, s)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v; want context.Canceled", err)
	}
}

func TestHealthCheck(t *testing.T) {
	testtier.NeedsProcesses(t)
	s := spec(t, nil, "-unhealthy", "3")
	s.HealthCheck = &HealthCheck{HTTPGetURL: "/health"}
	start(t, s)

	s = spec(t, nil, "-unhealthy", "1000000")
	s.HealthCheck = &HealthCheck{HTTPGetURL: "health", SuccessThreshold: 2}
	s.ReadyTimeout = 3 * time.Second
	_, err := Start(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "health check GET /health answered 503") {
		t.Fatalf("err = %v; want the failing health check", err)
	}
}
