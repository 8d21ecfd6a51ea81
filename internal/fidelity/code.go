package fidelity

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
)

// echoPackage is the function the tests deploy where one must answer: the
// conformance kit's WebSocket echo server, small and static, listening on
// 0.0.0.0:$FC_SERVER_PORT as FC's custom runtime wants.
const echoPackage = "github.com/wsdeploy/wsdeploy/plugins/plugintest/echo"

var echo struct {
	once sync.Once
	dir  string
	err  error
}

// WriteEcho puts the echo server into the stack's directory as
// <dir>/bootstrap (FC runs /code/bootstrap when no command is set). It is
// built once per test process: for linux/amd64 on FC (its custom runtime's
// platform), for this machine's architecture on the gateway.
func (s *Stack) WriteEcho(dir string) {
	s.t.Helper()
	echo.once.Do(func() {
		if echo.dir, echo.err = os.MkdirTemp("", "wsdeploy-fidelity-"); echo.err != nil {
			return
		}
		arch := runtime.GOARCH
		if s.tg.Live {
			arch = "amd64"
		}
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(echo.dir, "bootstrap"), echoPackage)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
		if out, err := cmd.CombinedOutput(); err != nil {
			echo.err = fmt.Errorf("building the echo function (%s): %v\n%s", echoPackage, err, out)
		}
	})
	if echo.err != nil {
		s.t.Fatal(echo.err)
	}
	bin, err := os.ReadFile(filepath.Join(echo.dir, "bootstrap"))
	if err != nil {
		s.t.Fatal(err)
	}
	s.write(dir, bin)
}

// write makes <dir>/bootstrap in the stack's directory, executable.
func (s *Stack) write(dir string, bootstrap []byte) {
	s.t.Helper()
	if err := os.MkdirAll(filepath.Join(s.Dir, dir), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Dir, dir, "bootstrap"), bootstrap, 0o755); err != nil {
		s.t.Fatal(err)
	}
}

// RemoveBuilds removes what WriteEcho built; call it from TestMain after
// the tests ran.
func RemoveBuilds() {
	if echo.dir != "" {
		os.RemoveAll(echo.dir)
	}
}

// WriteCode puts a bootstrap script that is never run into the stack's
// directory as <dir>/bootstrap: code for functions that no test invokes
// (and that therefore cost nothing on FC).
func (s *Stack) WriteCode(dir string) {
	s.t.Helper()
	s.write(dir, []byte("#!/bin/sh\nexec ./server\n"))
}
