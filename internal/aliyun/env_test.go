package aliyun

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/codezip"
	"github.com/wsdeploy/wsdeploy/internal/gateway/controlapi"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

const (
	testAK     = "LTAI-provider-test"
	testSecret = "provider-test-secret-0123"
	testRegion = "cn-hangzhou"
	testAcct   = "1234567890"
)

// gateway is the local gateway's control API on a loopback httptest
// server, signatures verified by fcauth, with a fault hook in front of it:
// the FC that these tests drive the Provider against.
type gateway struct {
	t    *testing.T
	h    *controlapi.Handler
	srv  *httptest.Server
	addr string

	mu     sync.Mutex
	calls  map[string]int // requests per x-acs-action
	faults int
	fault  func(w http.ResponseWriter, r *http.Request, n int) bool // n: this action's request count
}

func newGateway(t *testing.T) *gateway { return newGatewayWith(t, nil) }

// newGatewayWith is newGateway with the control API's Config changed by mod
// (its state delay, its start check).
func newGatewayWith(t *testing.T, mod func(*controlapi.Config)) *gateway {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir + "/state")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	g := &gateway{t: t, calls: map[string]int{}}
	lookup := func(ak string) (string, bool) { return testSecret, ak == testAK }
	cfg := controlapi.Config{
		Store:     st,
		Code:      codezip.Layout{Root: dir + "/code"},
		Region:    testRegion,
		AccountID: testAcct,
		TriggerURLs: func(function, id string) (string, string) {
			return "http://127.0.0.1:9/" + function + "-" + id, "http://127.0.0.1:9/vpc/" + id
		},
		AuthenticateDigest: func(r *http.Request, sum string) error {
			return fcauth.VerifyACS3Digest(r, sum, lookup, time.Now())
		},
	}
	if mod != nil {
		mod(&cfg)
	}
	if g.h, err = controlapi.New(cfg); err != nil {
		t.Fatal(err)
	}
	g.srv = httptest.NewServer(g)
	g.addr = g.srv.Listener.Addr().String()
	t.Cleanup(g.srv.Close)
	return g
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	action := r.Header.Get("x-acs-action")
	g.mu.Lock()
	g.calls[action]++
	n, fault := g.calls[action], g.fault
	g.mu.Unlock()
	if fault != nil && fault(w, r, n) {
		g.mu.Lock()
		g.faults++
		g.mu.Unlock()
		return
	}
	g.h.ServeHTTP(w, r)
}

func (g *gateway) setFault(f func(w http.ResponseWriter, r *http.Request, n int) bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.fault = f
}

// count is the number of requests for action so far; faultCount the
// number of requests a fault answered.
func (g *gateway) count(action string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.calls[action]
}

func (g *gateway) faultCount() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.faults
}

// fcError answers as FC does when it refuses.
func fcError(w http.ResponseWriter, status int, code, message string) {
	id := fmt.Sprintf("fault-%d-%d", status, time.Now().UnixNano())
	w.Header().Set("x-acs-request-id", id)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"Code": code, "Message": message, "RequestId": id})
}

// cleanEnv leaves the credentials chain nothing from the machine: no
// keys, profiles or files, no metadata service, no proxy.
func cleanEnv(t *testing.T) {
	t.Helper()
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	t.Setenv("HOME", t.TempDir())
	for _, k := range []string{
		"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
		"ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_ROLE_ARN",
		"ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_CONFIG_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE",
		"ALIBABA_CLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_CLI_PROFILE_DISABLED",
		"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
	} {
		t.Setenv(k, "")
	}
}

// settings points a Provider at g with the gateway's key pair and a retry
// policy whose waits are a few milliseconds.
func (g *gateway) settings() Settings {
	return Settings{
		Name: "local", Region: testRegion, AccountID: testAcct,
		Endpoint: g.addr, Protocol: "HTTP",
		AccessKeyID: testAK, AccessKeySecret: testSecret,
		Retry: RetryPolicy{MaxAttempts: 6, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond},
	}
}

func (g *gateway) provider(t *testing.T) *Provider {
	t.Helper()
	return mustNew(t, g.settings())
}

func mustNew(t *testing.T, s Settings) *Provider {
	t.Helper()
	cleanEnv(t)
	p, err := New(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// codeOf is a code package with an executable bootstrap whose body is marker.
func codeOf(t testing.TB, marker string) *providers.Code {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755 | fs.FileMode(0))
	f, err := w.CreateHeader(h)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "#!/bin/sh\n# %s\n", marker)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &providers.Code{Zip: buf.Bytes(), Checksum: fcspec.CodeChecksum(buf.Bytes())}
}

func intp(n int) *int { return &n }

// wsFunction is a WebSocket function with every attribute set, FC's
// defaults included, as the engine writes one.
func wsFunction(name, stack string) *providers.Function {
	return &providers.Function{
		Name:                name,
		Description:         "chat server",
		Runtime:             "custom.debian12",
		Command:             []string{"./server"},
		Args:                []string{"--log", "info"},
		Port:                9000,
		MemorySize:          1024,
		CPU:                 0.5,
		DiskSize:            512,
		Timeout:             600,
		InstanceConcurrency: 20,
		Environment:         map[string]string{"REDIS_URL": "redis://cache:6379"},
		Tags:                map[string]string{providers.StackTag: stack, "team": "chat"},
		HealthCheck:         &providers.HealthCheck{HTTPGetURL: "/ready", PeriodSeconds: 3, TimeoutSeconds: 1, FailureThreshold: 3, SuccessThreshold: 1},
		MaxInstances:        intp(5),
	}
}

// config is f without the fields that only a read fills, for comparing
// what was written with what was read.
func config(f *providers.Function) *providers.Function {
	c := *f
	c.CodeChecksum, c.CodeSize, c.ARN, c.LastModified = "", 0, "", ""
	c.Triggers, c.OtherTriggers = nil, nil
	return &c
}

func jsonOf(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

// sameConfig fails the test when got's configuration is not want's, as
// the engine writes it (normalized).
func sameConfig(t *testing.T, what string, got, want *providers.Function) {
	t.Helper()
	if g, w := config(got), config(providers.Normalize(want)); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: read back\n%s\nwant\n%s", what, jsonOf(g), jsonOf(w))
	}
}
