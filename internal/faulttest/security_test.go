package faulttest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// syncBuffer is a log destination that tests read while the gateway writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{} }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// signed is a control API request signed with cred at when, sent to addr;
// it returns the status and FC's error code.
func signed(t *testing.T, addr, method, path, body string, cred fcauth.Credentials, when time.Time) (int, string) {
	t.Helper()
	r, err := http.NewRequest(method, "http://"+addr+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("x-acs-version", "2023-03-30")
	r.Header.Set("x-acs-action", "Test")
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if cred.AccessKeyID != "" {
		if err := fcauth.SignACS3(r, []byte(body), cred, when, ""); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if strings.Contains(string(b), cred.AccessKeySecret) && cred.AccessKeySecret != "" {
		t.Errorf("the answer to %s %s holds the signing secret: %s", method, path, b)
	}
	var e struct{ Code string }
	json.Unmarshal(b, &e)
	return resp.StatusCode, e.Code
}

// The control API refuses unsigned, wrongly signed, unknown-key, stale,
// future-dated and replayed requests, before any handler runs; neither its
// answers nor its log carry the key's secret.
func TestControlAPIRefusesBadSignatures(t *testing.T) {
	dir := t.TempDir()
	logs := newSyncBuffer()
	g := startGateway(t, dir, func(c *server.Config) { c.Logger = slog.New(slog.NewTextHandler(logs, nil)) })
	deploy(t, sdk(t, dir), "target", 1)
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	addr := g.Info().ControlAddress
	const path = "/2023-03-30/functions/target"
	evil := `{"description":"evil"}`
	now := time.Now()
	for _, c := range []struct {
		name   string
		cred   fcauth.Credentials
		when   time.Time
		status int
		code   string
	}{
		{"unsigned", fcauth.Credentials{}, now, 400, string(fcspec.CodeIncompleteSignature)},
		{"wrong secret", fcauth.Credentials{AccessKeyID: cred.AccessKeyID, AccessKeySecret: cred.AccessKeySecret + "x"}, now, 400, string(fcspec.CodeSignatureDoesNotMatch)},
		{"unknown key", fcauth.Credentials{AccessKeyID: "LTAIunknown", AccessKeySecret: cred.AccessKeySecret}, now, 404, string(fcspec.CodeAccessKeyNotFound)},
		{"stale", cred, now.Add(-fcauth.MaxSkew - time.Minute), 400, string(fcspec.CodeTimeStampExpired)},
		{"from the future", cred, now.Add(fcauth.MaxSkew + time.Minute), 400, string(fcspec.CodeTimeStampExpired)},
	} {
		if status, code := signed(t, addr, "PUT", path, evil, c.cred, c.when); status != c.status || code != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.name, status, code, c.status, c.code)
		}
	}
	// A replay: the same bytes, nonce included, a second time.
	r, _ := http.NewRequest("GET", "http://"+addr+path, nil)
	r.Header.Set("x-acs-version", "2023-03-30")
	if err := fcauth.SignACS3(r, nil, cred, time.Now(), "nonce-once"); err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	r.Write(&raw)
	if got := send(t, addr, raw.Bytes()); got.status != 200 {
		t.Fatalf("a signed GetFunction: %d %s", got.status, got.code)
	}
	if got := send(t, addr, raw.Bytes()); got.status != 400 || got.code != string(fcspec.CodeNonceUsed) {
		t.Errorf("replayed: %d %s, want 400 SignatureNonceUsed", got.status, got.code)
	}

	f, err := sdk(t, dir).GetFunction(dara.String("target"), &fc.GetFunctionRequest{})
	if err != nil || dara.StringValue(f.Body.Description) == "evil" {
		t.Errorf("a refused request changed the function: %v", err)
	}
	if strings.Contains(logs.String(), cred.AccessKeySecret) {
		t.Errorf("the gateway's log holds its secret:\n%s", logs.String())
	}
	if n := strings.Count(logs.String(), "control API request refused"); n < 6 {
		t.Errorf("%d refusals logged, want 6:\n%s", n, logs.String())
	}
}

// The gateway binds loopback unless told otherwise, and warns before
// binding when told otherwise. 192.0.2.1 (TEST-NET-1) is on no interface,
// so the test never listens beyond loopback: the bind fails after the
// warning.
func TestWarnsWhenListeningBeyondLoopback(t *testing.T) {
	start := func(listen, host string, domains ...string) (string, error) {
		logs := newSyncBuffer()
		cfg := server.Config{StateDir: t.TempDir(), Listen: listen, Host: host,
			Logger: slog.New(slog.NewTextHandler(logs, nil))}
		if len(domains) == 2 {
			cfg.DomainListen, cfg.DomainTLSListen = domains[0], domains[1]
		}
		g, err := server.Start(cfg)
		if err == nil {
			if a := g.Info().ControlAddress; !strings.HasPrefix(a, "127.0.0.1:") {
				t.Errorf("listen %q: control address %s, want loopback", listen, a)
			}
			g.Shutdown(t.Context())
		}
		return logs.String(), err
	}
	for _, listen := range []string{"", "127.0.0.1:0", "localhost:0"} {
		if log, err := start(listen, ""); err != nil || strings.Contains(log, "level=WARN") {
			t.Errorf("listen %q: %v, warnings:\n%s", listen, err, log)
		}
	}
	dir := t.TempDir()
	startGateway(t, dir, nil)
	if url := deploy(t, sdk(t, dir), "local", 1); !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("by default a trigger is served at %s, want loopback", url)
	}

	log, err := start("192.0.2.1:0", "")
	if err == nil || !strings.Contains(err.Error(), "cannot listen on 192.0.2.1:0") {
		t.Errorf("listen on a foreign address: %v", err)
	}
	if !strings.Contains(log, "level=WARN msg=\"the gateway listens beyond this machine") || !strings.Contains(log, "listen=192.0.2.1:0") {
		t.Errorf("no warning for the control API:\n%s", log)
	}
	// Custom domains listen on the triggers' host unless told otherwise:
	// here on loopback, so that only the trigger listeners go beyond.
	log, err = start("127.0.0.1:0", "192.0.2.1", "127.0.0.1:0", "127.0.0.1:0")
	if err != nil || !strings.Contains(log, "level=WARN msg=\"trigger URLs are reachable beyond this machine") {
		t.Errorf("no warning for trigger listeners (%v):\n%s", err, log)
	}
	log, err = start("127.0.0.1:0", "", "192.0.2.1:0", "127.0.0.1:0")
	if err == nil || !strings.Contains(log, "level=WARN msg=\"custom domains are reachable beyond this machine") {
		t.Errorf("no warning for custom domain listeners (%v):\n%s", err, log)
	}
}

// Functions run as the gateway's user with FC's environment and their
// own, never with the gateway's key or the credentials in the gateway's
// environment, unless their configuration sets them.
func TestFunctionsDoNotGetGatewayCredentials(t *testing.T) {
	leaks := map[string]string{
		"ALIBABA_CLOUD_ACCESS_KEY_ID":     "LTAIgatewayEnvKeyId",
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "gateway-env-secret-3d9f",
		"ALIBABA_CLOUD_SECURITY_TOKEN":    "gateway-env-token-77ab",
		"ALIBABA_CLOUD_CREDENTIALS_FILE":  "/nonexistent/credentials",
	}
	for k, v := range leaks {
		t.Setenv(k, v)
	}
	dir := t.TempDir()
	startGateway(t, dir, nil)
	c := sdk(t, dir)
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{cred.AccessKeyID, cred.AccessKeySecret}
	for _, v := range leaks {
		secrets = append(secrets, v)
	}

	plain := deploy(t, c, "plain", 1, "-print-env")
	in := functionInput("asks", 1)
	in.EnvironmentVariables = map[string]*string{"ALIBABA_CLOUD_ACCESS_KEY_ID": dara.String("set-by-the-function-config")}
	if _, err := c.CreateFunction(&fc.CreateFunctionRequest{Body: in}); err != nil {
		t.Fatal(err)
	}
	tr, err := c.CreateTrigger(dara.String("asks"), &fc.CreateTriggerRequest{Body: triggerInput("ws")})
	if err != nil {
		t.Fatal(err)
	}
	asks := dara.StringValue(tr.Body.HttpTrigger.UrlInternet)

	env := func(url string) map[string]string {
		body, err := get(url + "env")
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			UID int
			Env []string
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if got.UID != os.Getuid() {
			t.Errorf("the function runs as uid %d, the gateway as %d", got.UID, os.Getuid())
		}
		m := map[string]string{}
		for _, kv := range got.Env {
			k, v, _ := strings.Cut(kv, "=")
			m[k] = v
			for _, s := range secrets {
				if strings.Contains(v, s) && !(k == "ALIBABA_CLOUD_ACCESS_KEY_ID" && v == "set-by-the-function-config") {
					t.Errorf("%s: %s=%s holds a gateway credential", url, k, v)
				}
			}
		}
		if m["FC_FUNCTION_NAME"] == "" || m["FC_SERVER_PORT"] == "" {
			t.Errorf("%s: no FC environment: %v", url, got.Env)
		}
		return m
	}
	for k := range env(plain) {
		if strings.HasPrefix(k, "ALIBABA_CLOUD_") {
			t.Errorf("a function that asked for nothing got %s", k)
		}
	}
	got := env(asks)
	var cloud []string
	for k, v := range got {
		if strings.HasPrefix(k, "ALIBABA_CLOUD_") {
			cloud = append(cloud, k+"="+v)
		}
	}
	if len(cloud) != 1 || cloud[0] != "ALIBABA_CLOUD_ACCESS_KEY_ID=set-by-the-function-config" {
		t.Errorf("a function that set one variable got %v", cloud)
	}

	// What it printed at start is in its log, with no credential either.
	// The output reaches the log asynchronously.
	var log []byte
	path := instance.LogPath(filepath.Join(dir, statedir.FunctionLogDir), "plain")
	if err := waitFor(10*time.Second, func() bool {
		log, _ = os.ReadFile(path)
		return bytes.Contains(log, []byte("env FC_INSTANCE_ID="))
	}); err != nil {
		t.Fatalf("function log %s:\n%s", path, log)
	}
	for _, s := range secrets {
		if strings.Contains(string(log), s) {
			t.Errorf("the function log holds %q", s)
		}
	}
}
