package faulttest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// startGateway runs a gateway in this process on dir, with no propagation
// delay unless mod sets one.
func startGateway(t *testing.T, dir string, mod func(*server.Config)) *server.Gateway {
	t.Helper()
	// Process mode: these tests ship code as a tiny bootstrap that runs a
	// binary the test built on the host, which no sandbox shows (as on FC).
	// The data plane's fault handling is the same in both modes; the
	// end-to-end and example tests run sandboxed.
	cfg := server.Config{StateDir: dir, Isolation: server.IsolationProcess, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if mod != nil {
		mod(&cfg)
	}
	g, err := server.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Shutdown(context.Background()) })
	return g
}

// gatewayAccess is where the gateway of dir listens and its key pair.
func gatewayAccess(t *testing.T, dir string) (statedir.Info, fcauth.Credentials) {
	t.Helper()
	info, err := statedir.ReadInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	return info, cred
}

// sdk is the official FC client pointed at the gateway of dir, with its key.
func sdk(t *testing.T, dir string) *fc.Client {
	t.Helper()
	return sdkOver(t, dir, &http.Client{Transport: &http.Transport{}})
}

// sdkOver is sdk sending its requests through hc.
func sdkOver(t *testing.T, dir string, hc *http.Client) *fc.Client {
	t.Helper()
	info, cred := gatewayAccess(t, dir)
	c, err := fc.NewClient(&openapi.Config{
		AccessKeyId: dara.String(cred.AccessKeyID), AccessKeySecret: dara.String(cred.AccessKeySecret),
		Endpoint: dara.String(info.ControlAddress), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou"),
		HttpClient: httpClient{hc},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// httpClient is the SDK's transport: the SDK's default one rewrites a
// shared client's Timeout on every call, a data race between goroutines.
type httpClient struct{ c *http.Client }

func (h httpClient) Call(r *http.Request, _ *http.Transport) (*http.Response, error) {
	return h.c.Do(r)
}

// codeZip is a function's code: a bootstrap script that runs the test
// function built by TestMain with args, so the zip stays tiny.
func codeZip(args ...string) string {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	w, _ := zw.CreateHeader(h)
	io.WriteString(w, "#!/bin/sh\nexec "+wsfnPath+" "+strings.Join(args, " ")+"\n")
	zw.Close()
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// functionInput is a function running the test function.
func functionInput(name string, concurrency int32, args ...string) *fc.CreateFunctionInput {
	return &fc.CreateFunctionInput{
		FunctionName:        dara.String(name),
		Runtime:             dara.String("custom.debian12"),
		Handler:             dara.String("index.handler"),
		Code:                &fc.InputCodeLocation{ZipFile: dara.String(codeZip(args...))},
		Timeout:             dara.Int32(600),
		InstanceConcurrency: dara.Int32(concurrency),
		CustomRuntimeConfig: &fc.CustomRuntimeConfig{Port: dara.Int32(9000)},
	}
}

// triggerInput is an anonymous GET trigger.
func triggerInput(name string) *fc.CreateTriggerInput {
	return &fc.CreateTriggerInput{
		TriggerName:   dara.String(name),
		TriggerType:   dara.String("http"),
		TriggerConfig: dara.String(`{"methods":["GET"],"authType":"anonymous"}`),
	}
}

// deploy creates a function and its trigger "ws" and returns the URL.
func deploy(t *testing.T, c *fc.Client, name string, concurrency int32, args ...string) string {
	t.Helper()
	return deployInput(t, c, functionInput(name, concurrency, args...))
}

// deployInput is deploy of the function in.
func deployInput(t *testing.T, c *fc.Client, in *fc.CreateFunctionInput) string {
	t.Helper()
	name := dara.StringValue(in.FunctionName)
	if _, err := c.CreateFunction(&fc.CreateFunctionRequest{Body: in}); err != nil {
		t.Fatal(err)
	}
	resp, err := c.CreateTrigger(dara.String(name), &fc.CreateTriggerRequest{Body: triggerInput("ws")})
	if err != nil {
		t.Fatal(err)
	}
	return dara.StringValue(resp.Body.HttpTrigger.UrlInternet)
}

func wsURL(u string) string { return "ws" + strings.TrimPrefix(u, "http") }

// dial opens a WebSocket through the trigger at url.
func dial(t testing.TB, url string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, wsURL(url), nil)
	if err != nil {
		var body []byte
		if resp != nil && resp.Body != nil {
			body, _ = io.ReadAll(resp.Body)
		}
		t.Fatalf("dial %s: %v %s", url, err, body)
	}
	return c
}

// echo sends msg and expects it back.
func echo(t testing.TB, c *websocket.Conn, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		t.Fatalf("write: %v", err)
	}
	_, got, err := c.Read(ctx)
	if err != nil || string(got) != msg {
		t.Fatalf("echo of %q: %q, %v", msg, got, err)
	}
}
