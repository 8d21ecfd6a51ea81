package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// echoZip is the code of the echo-go example, compiled once per test
// binary, as a zip whose bootstrap is the server.
var echoZip []byte

func TestMain(m *testing.M) {
	testtier.Package(testtier.Gateway)
	dir, err := os.MkdirTemp("", "server-test")
	if err != nil {
		panic(err)
	}
	bin := filepath.Join(dir, "bootstrap")
	out, err := exec.Command("go", "build", "-o", bin, "../../../examples/echo-go/server").CombinedOutput()
	if err != nil {
		panic(string(out))
	}
	echoZip = zipFile("bootstrap", bin)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func zipFile(name, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: name, Method: zip.Deflate}
	h.SetMode(0o755)
	w, _ := zw.CreateHeader(h)
	w.Write(data)
	zw.Close()
	return buf.Bytes()
}

// startGateway runs a gateway in process on a fresh (or given) state dir.
func startGateway(t *testing.T, dir string, mod func(*Config)) *Gateway {
	t.Helper()
	cfg := Config{StateDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if mod != nil {
		mod(&cfg)
	}
	g, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Shutdown(context.Background()) })
	return g
}

// sdk is the official FC client pointed at the gateway with its own key.
func sdk(t *testing.T, dir string) *fc.Client {
	t.Helper()
	info, err := statedir.ReadInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := fc.NewClient(&openapi.Config{
		AccessKeyId: dara.String(cred.AccessKeyID), AccessKeySecret: dara.String(cred.AccessKeySecret),
		Endpoint: dara.String(info.ControlAddress), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// deployEcho creates the echo function (changed by mods) and an anonymous
// GET trigger and returns the trigger's URL.
func deployEcho(t *testing.T, c *fc.Client, name string, concurrency int32, mods ...func(*fc.CreateFunctionInput)) string {
	t.Helper()
	in := &fc.CreateFunctionInput{
		FunctionName:        dara.String(name),
		Runtime:             dara.String("custom.debian12"),
		Handler:             dara.String("index.handler"),
		Code:                &fc.InputCodeLocation{ZipFile: dara.String(base64.StdEncoding.EncodeToString(echoZip))},
		Timeout:             dara.Int32(60),
		InstanceConcurrency: dara.Int32(concurrency),
		CustomRuntimeConfig: &fc.CustomRuntimeConfig{Port: dara.Int32(9000)},
	}
	for _, m := range mods {
		m(in)
	}
	_, err := c.CreateFunction(&fc.CreateFunctionRequest{Body: in})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.CreateTrigger(dara.String(name), &fc.CreateTriggerRequest{Body: &fc.CreateTriggerInput{
		TriggerName:   dara.String("ws"),
		TriggerType:   dara.String("http"),
		TriggerConfig: dara.String(`{"methods":["GET"],"authType":"anonymous"}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	url := dara.StringValue(resp.Body.HttpTrigger.UrlInternet)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("trigger URL %q", url)
	}
	return url
}

func wsURL(u string) string { return "ws" + strings.TrimPrefix(u, "http") }

func echoOnce(t *testing.T, url, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, wsURL(url), nil)
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	defer conn.CloseNow()
	if err := conn.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	_, got, err := conn.Read(ctx)
	if err != nil || string(got) != msg {
		t.Fatalf("echo: %q, %v", got, err)
	}
	conn.Close(websocket.StatusNormalClosure, "")
}

// The whole gateway: the SDK deploys, a WebSocket client echoes through
// the trigger, metrics and billing see it, and a restart keeps the function
// and its URL.
func TestDeployEchoRestart(t *testing.T) {
	dir := t.TempDir()
	startGateway(t, dir, nil).Shutdown(context.Background()) // creates dir, key
	g := startGateway(t, dir, nil)
	c := sdk(t, dir)
	url := deployEcho(t, c, "echo", 2)
	echoOnce(t, url, "hello through the gateway")

	body := metrics(t, g)
	for _, want := range []string{
		`wsdeploy_function_connections_total{function="echo"} 1`,
		`wsdeploy_function_cold_starts_total{function="echo"} 1`,
		`wsdeploy_function_billed_seconds_total{function="echo"}`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	usage, err := FetchBilling(context.Background(), dir)
	if err != nil || len(usage) != 1 || usage[0].Function != "echo" || usage[0].Connections != 1 || usage[0].Billed <= 0 {
		t.Fatalf("billing: %+v, %v", usage, err)
	}

	// Shutdown stops every instance, even one serving an open connection.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	open, _, err := websocket.Dial(ctx, wsURL(url), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer open.CloseNow()
	instances := g.plane.Instances("echo")
	if len(instances) == 0 || instances[0].PID == 0 {
		t.Fatalf("instances: %+v", instances)
	}
	if err := g.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, in := range instances {
		if err := syscall.Kill(in.PID, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("instance %s (pid %d) survived the shutdown: %v", in.ID, in.PID, err)
		}
	}
	if _, _, err := open.Read(ctx); err == nil {
		t.Error("a connection stayed open after the shutdown")
	}
	if _, err := statedir.Running(dir); !errors.Is(err, statedir.ErrNotRunning) {
		t.Fatalf("after shutdown: %v", err)
	}
	startGateway(t, dir, nil)
	c = sdk(t, dir)
	tr, err := c.GetTrigger(dara.String("echo"), dara.String("ws"))
	if err != nil {
		t.Fatal(err)
	}
	if got := dara.StringValue(tr.Body.HttpTrigger.UrlInternet); got != url {
		t.Fatalf("URL after restart %q, want %q", got, url)
	}
	echoOnce(t, url, "and after a restart")
}

// A new trigger answers 404 until the propagation delay has passed.
func TestPropagationDelay(t *testing.T) {
	dir := t.TempDir()
	const delay = 400 * time.Millisecond
	startGateway(t, dir, func(c *Config) { c.PropagationDelay = delay })
	c := sdk(t, dir)
	created := time.Now()
	url := deployEcho(t, c, "late", 1)
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if time.Since(created) < delay && resp.StatusCode != http.StatusNotFound {
		t.Fatalf("before the delay: %d, want 404", resp.StatusCode)
	}
	if resp.Header.Get("X-Fc-Error-Type") != "FcCommonError" && resp.StatusCode == http.StatusNotFound {
		t.Errorf("404 without X-Fc-Error-Type")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if waited := time.Since(created); waited < delay {
					t.Fatalf("served after %s, before the %s delay", waited, delay)
				}
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("never served")
		}
		time.Sleep(20 * time.Millisecond) // polling a URL, as a client would
	}
}

// The gateway refuses unsigned control requests and a second gateway on the
// same state directory; its key file and directory are private.
func TestSecurityOfStateAndAPI(t *testing.T) {
	dir := t.TempDir()
	g := startGateway(t, dir, nil)
	resp, err := http.Get("http://" + g.Info().ControlAddress + "/2023-03-30/functions")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "IncompleteSignature") {
		t.Errorf("unsigned: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Get("http://" + g.Info().ControlAddress + billingPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("unsigned billing: %d", resp.StatusCode)
	}
	if _, err := Start(Config{StateDir: dir}); err == nil || !strings.Contains(err.Error(), "another gateway") {
		t.Errorf("second gateway: %v", err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, statedir.CredentialsFile): 0o600} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", path, fi.Mode().Perm(), want, err)
		}
	}
}

// Control API faults are injected at the configured rate, deterministically.
func TestControlFaults(t *testing.T) {
	dir := t.TempDir()
	data, control, err := ParseFaults("control=503:0.5,seed=3")
	if err != nil || data.Rate != 0 || control.Rate != 0.5 {
		t.Fatalf("%+v %+v %v", data, control, err)
	}
	startGateway(t, dir, func(c *Config) { c.ControlFault = control })
	c := sdk(t, dir)
	var failed, ok int
	for range 40 {
		_, err := c.ListFunctions(&fc.ListFunctionsRequest{})
		var sdkErr *tea.SDKError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &sdkErr) && dara.IntValue(sdkErr.StatusCode) == 503:
			failed++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if failed < 8 || ok < 8 {
		t.Errorf("40 calls at 50%%: %d failed, %d ok", failed, ok)
	}
	for _, spec := range []string{"control=404:0.5", "data=503", "seed=x", "bogus=1", "data=503:2"} {
		if _, _, err := ParseFaults(spec); err == nil {
			t.Errorf("ParseFaults(%q) accepted", spec)
		}
	}
}

// An update is InProgress for the state delay while the previous code keeps
// serving; then it settles, here Failed with the reason (the new code has
// no bootstrap), and requests reach the new code.
func TestUpdateServesThePreviousCodeUntilItSettles(t *testing.T) {
	dir := t.TempDir()
	const delay = 3 * time.Second
	startGateway(t, dir, func(c *Config) { c.StateDelay = delay })
	c := sdk(t, dir)
	url := deployEcho(t, c, "upd", 1)
	getStatus := func() int {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := getStatus(); st != http.StatusOK {
		t.Fatalf("before the update: %d", st)
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("README") // no bootstrap: this code cannot start
	w.Write([]byte("nothing to run"))
	zw.Close()
	updated := time.Now()
	resp, err := c.UpdateFunction(dara.String("upd"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
		Code: &fc.InputCodeLocation{ZipFile: dara.String(base64.StdEncoding.EncodeToString(buf.Bytes()))},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := dara.StringValue(resp.Body.LastUpdateStatus); got != "InProgress" {
		t.Fatalf("lastUpdateStatus %s, want InProgress", got)
	}
	st := getStatus()
	if time.Since(updated) < delay && st != http.StatusOK {
		t.Fatalf("during the update: %d, want the previous code's 200", st)
	}

	var f *fc.Function
	for deadline := time.Now().Add(time.Minute); ; {
		got, err := c.GetFunction(dara.String("upd"), &fc.GetFunctionRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if f = got.Body; dara.StringValue(f.LastUpdateStatus) != "InProgress" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("still InProgress after a minute")
		}
		time.Sleep(100 * time.Millisecond) // polling GetFunction, as a deployer does
	}
	if time.Since(updated) < delay {
		t.Errorf("settled after %s, before the %s state delay", time.Since(updated), delay)
	}
	if dara.StringValue(f.LastUpdateStatus) != "Failed" || dara.StringValue(f.LastUpdateStatusReasonCode) != "CAFileNotFound" ||
		!strings.Contains(dara.StringValue(f.LastUpdateStatusReason), "bootstrap") {
		t.Fatalf("settled as %s (%s: %s), want Failed (CAFileNotFound, naming bootstrap)", dara.StringValue(f.LastUpdateStatus),
			dara.StringValue(f.LastUpdateStatusReasonCode), dara.StringValue(f.LastUpdateStatusReason))
	}
	if st := getStatus(); st != http.StatusPreconditionFailed {
		t.Errorf("after the update settled: %d, want the new code's 412 CAFileNotFound", st)
	}
}

// metrics is the gateway's /metrics page.
func metrics(t *testing.T, g *Gateway) []byte {
	t.Helper()
	resp, err := http.Get("http://" + g.Info().ControlAddress + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return body
}
