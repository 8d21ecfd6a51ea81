package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // the gateway child serves profiles on loopback
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// runGatewayChild is `wsbench gateway`: the gateway exactly as `wsdeploy
// gateway` assembles it (server.Start), in its own process so that its
// memory and open files are its own, plus a pprof listener on loopback
// whose address it writes to a file.
func runGatewayChild(args []string) error {
	fs := flag.NewFlagSet("gateway", flag.ExitOnError)
	state := fs.String("state", "", "state directory")
	pprofFile := fs.String("pprof-file", "", "where to write the pprof listener's address")
	isolation := fs.String("isolation", "", "as wsdeploy gateway --isolation (sandbox by default)")
	_ = fs.Parse(args)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	// FreeOSMemory collects garbage and returns it to the kernel, so that an
	// RSS reading after it counts live memory only.
	http.HandleFunc("/bench/free", func(http.ResponseWriter, *http.Request) { debug.FreeOSMemory() })
	go func() { _ = http.Serve(ln, nil) }()
	if err := os.WriteFile(*pprofFile, []byte(ln.Addr().String()), 0o600); err != nil {
		return err
	}
	g, err := server.Start(server.Config{
		StateDir:     *state,
		MaxInstances: 100,
		Isolation:    *isolation,
		Logger:       slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return err
	}
	return g.Wait(ctx)
}

// gatewayClient deploys functions on the gateway child through the official
// FC SDK, as the aliyun provider does.
type gatewayClient struct {
	c       *fc.Client
	code    string // base64 zip of the echo server
	control string // the control address, which serves /metrics
}

func newGatewayClient(state, echoBin string) (*gatewayClient, error) {
	info, err := statedir.ReadInfo(state)
	if err != nil {
		return nil, err
	}
	cred, err := statedir.ReadCredentials(state)
	if err != nil {
		return nil, err
	}
	c, err := fc.NewClient(&openapi.Config{
		AccessKeyId: dara.String(cred.AccessKeyID), AccessKeySecret: dara.String(cred.AccessKeySecret),
		Endpoint: dara.String(info.ControlAddress), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou"),
	})
	if err != nil {
		return nil, err
	}
	code, err := zipBootstrap(echoBin)
	if err != nil {
		return nil, err
	}
	return &gatewayClient{c: c, code: code, control: info.ControlAddress}, nil
}

// deploy creates the echo function with an anonymous GET trigger and
// returns the trigger's host:port and path.
func (g *gatewayClient) deploy(name string, concurrency int32) (addr, path string, err error) {
	_, err = g.c.CreateFunction(&fc.CreateFunctionRequest{Body: &fc.CreateFunctionInput{
		FunctionName:        dara.String(name),
		Runtime:             dara.String(fcspec.RuntimeCustomDebian12),
		Handler:             dara.String("index.handler"),
		Code:                &fc.InputCodeLocation{ZipFile: dara.String(g.code)},
		Timeout:             dara.Int32(3600),
		MemorySize:          dara.Int32(512),
		InstanceConcurrency: dara.Int32(concurrency),
		CustomRuntimeConfig: &fc.CustomRuntimeConfig{Port: dara.Int32(9000)},
	}})
	if err != nil {
		return "", "", fmt.Errorf("create function %s: %w", name, err)
	}
	resp, err := g.c.CreateTrigger(dara.String(name), &fc.CreateTriggerRequest{Body: &fc.CreateTriggerInput{
		TriggerName:   dara.String("ws"),
		TriggerType:   dara.String(fcspec.TriggerTypeHTTP),
		TriggerConfig: dara.String(`{"methods":["GET"],"authType":"` + fcspec.AuthAnonymous + `"}`),
	}})
	if err != nil {
		return "", "", fmt.Errorf("create trigger of %s: %w", name, err)
	}
	u, err := url.Parse(dara.StringValue(resp.Body.HttpTrigger.UrlInternet))
	if err != nil {
		return "", "", err
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.Host, u.Path, nil
}

// zipBootstrap packs the echo server as a function's code: one executable
// file named bootstrap.
func zipBootstrap(bin string) (string, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(data); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// waitGatewayInfo waits for the child to publish gateway.json.
func waitGatewayInfo(state string, pid int, timeout time.Duration) error {
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		if info, err := statedir.ReadInfo(state); err == nil && info.PID == pid {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("the gateway did not publish %s within %v", filepath.Join(state, "gateway.json"), timeout)
}

// waitFile waits for a non-empty file and returns its content.
func waitFile(path string, timeout time.Duration) (string, error) {
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b)), nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "", fmt.Errorf("%s did not appear within %v", path, timeout)
}
