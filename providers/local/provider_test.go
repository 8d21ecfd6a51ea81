package local

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/daemon"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir/statedirtest"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// wsdeployBin is the CLI, built once: the local provider starts gateways
// by running `wsdeploy gateway --detach`.
var wsdeployBin string

func TestMain(m *testing.M) {
	testtier.Package(testtier.Gateway)
	dir, err := os.MkdirTemp("", "local-provider-test")
	if err != nil {
		panic(err)
	}
	wsdeployBin = filepath.Join(dir, "wsdeploy")
	if out, err := exec.Command("go", "build", "-o", wsdeployBin, "../../cmd/wsdeploy").CombinedOutput(); err != nil {
		panic(string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func bootstrapZip(t *testing.T) *providers.Code {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	w, _ := zw.CreateHeader(h)
	w.Write([]byte("#!/bin/sh\nexec sleep 1000\n"))
	zw.Close()
	return &providers.Code{Zip: buf.Bytes(), Checksum: fcspec.CodeChecksum(buf.Bytes())}
}

// With no gateway running, the provider starts one, then deploys through
// it with the same code that talks to FC; a second provider finds it.
func TestStartsGatewayAndDeploys(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "gw")
	t.Cleanup(func() { daemon.Stop(context.Background(), dir) })

	if _, _, err := New(ctx, Settings{StateDir: dir, NoStart: true}); !errors.Is(err, statedir.ErrNotRunning) {
		t.Fatalf("NoStart without a gateway: %v", err)
	}
	p, info, err := New(ctx, Settings{StateDir: dir, Executable: wsdeployBin, GatewayArgs: []string{"--propagation-delay=0s"}})
	if err != nil {
		t.Fatal(err)
	}
	if !info.Started || info.PID == 0 || p.Info().Name != "local" || p.Info().Endpoint != info.ControlAddress {
		t.Fatalf("info %+v, provider %+v", info, p.Info())
	}
	fn := &providers.Function{Name: "sleeper", Runtime: "custom.debian12", Timeout: 60,
		Tags: map[string]string{providers.StackTag: "test"}}
	if _, err := p.CreateFunction(ctx, fn, bootstrapZip(t)); err != nil {
		t.Fatal(err)
	}
	tr, err := p.CreateTrigger(ctx, "sleeper", &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}, AuthType: "anonymous"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tr.URLInternet, "http://127.0.0.1:") {
		t.Errorf("trigger URL %q", tr.URLInternet)
	}

	again, info2, err := New(ctx, Settings{StateDir: dir, NoStart: true})
	if err != nil || info2.PID != info.PID || info2.Started {
		t.Fatalf("second provider: %+v, %v", info2, err)
	}
	owned, err := again.ListFunctions(ctx, "test")
	if err != nil || len(owned) != 1 || owned[0].Name != "sleeper" || len(owned[0].Triggers) != 1 {
		t.Fatalf("list: %+v, %v", owned, err)
	}

	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := daemon.Stop(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := statedir.Running(dir); !errors.Is(err, statedir.ErrNotRunning) {
		t.Errorf("still running after Stop: %v", err)
	}
}

// A gateway that cannot start is reported with the end of its log.
func TestStartFailureShowsLog(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gw")
	_, _, err := New(context.Background(), Settings{StateDir: dir, Executable: wsdeployBin, GatewayArgs: []string{"--listen=not-an-address"}})
	if err == nil || !strings.Contains(err.Error(), "starting one failed") || !strings.Contains(err.Error(), "--listen") {
		t.Fatalf("err = %v", err)
	}
}

// A stale gateway.json (a live pid, a stranger's port) gets one unsigned
// challenge and nothing else: with NoStart, New says it is stale; without,
// it starts a real gateway and deploys through it; a configured address
// that is the stranger's is refused too.
func TestStaleGatewayJSONIsNotTrusted(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "gw")
	t.Cleanup(func() { daemon.Stop(context.Background(), dir) })
	if err := statedir.Ensure(dir); err != nil {
		t.Fatal(err)
	}
	cred, err := statedir.LoadOrCreateCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := statedirtest.Start(t)
	statedir.WriteInfo(dir, statedir.Info{PID: s.PID, ControlAddress: s.Addr, Region: "cn-hangzhou"})

	_, _, err = New(ctx, Settings{StateDir: dir, NoStart: true})
	if !errors.As(err, new(*statedir.StaleError)) || !strings.Contains(err.Error(), "wsdeploy gateway --detach --state-dir "+dir) {
		t.Fatalf("NoStart with a stale gateway.json: %v", err)
	}
	_, _, err = New(ctx, Settings{StateDir: dir, Address: s.Addr})
	if err == nil || !strings.Contains(err.Error(), "is not the gateway of "+dir) {
		t.Fatalf("address of a stranger: %v", err)
	}
	p, gw, err := New(ctx, Settings{StateDir: dir, Executable: wsdeployBin, GatewayArgs: []string{"--propagation-delay=0s"}})
	if err != nil {
		t.Fatal(err)
	}
	if !gw.Started || gw.Stale == nil || gw.Stale.Info.PID != s.PID || gw.ControlAddress == s.Addr {
		t.Fatalf("gateway %+v", gw)
	}
	fn := &providers.Function{Name: "sleeper", Runtime: "custom.debian12", Timeout: 60,
		Environment: map[string]string{"TOKEN": "stale-test-secret-31f7"}, Tags: map[string]string{providers.StackTag: "test"}}
	if _, err := p.CreateFunction(ctx, fn, bootstrapZip(t)); err != nil {
		t.Fatal(err)
	}
	s.CheckUntrusted(t, statedir.IdentityPath, cred.AccessKeySecret, "stale-test-secret-31f7")
	if !s.Alive() {
		t.Error("the stranger's process was killed")
	}
}
