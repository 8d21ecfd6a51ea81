package controlapi

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/codezip"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

const (
	testAK     = "LTAI-local-test"
	testSecret = "local-test-secret"
	testRegion = "cn-hangzhou"
	testAcct   = "1234567890"
)

// env is a control API on a loopback httptest server, with the official SDK
// client pointed at it and the ACS3 signature verified by fcauth.
type env struct {
	t      *testing.T
	dir    string
	st     *store.Store
	h      *Handler
	open   *Handler // the same state without authentication, for raw requests
	srv    *httptest.Server
	client *fc.Client

	// stateDelay and checkStart are the Config's, set before start.
	stateDelay time.Duration
	checkStart func(*fc.Function) (code fcspec.Code, reason string)
	// provisioned is the Config's Provisioned, set before start.
	provisioned func(function string) (int, string)

	mu     sync.Mutex
	now    time.Time
	events []Event
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), now: time.Date(2024, 5, 1, 8, 15, 27, 0, time.UTC)}
	e.start()
	return e
}

// start opens the store and serves it; restart calls it again on the same
// state directory.
func (e *env) start() {
	t := e.t
	st, err := store.Open(e.dir + "/state")
	if err != nil {
		t.Fatal(err)
	}
	e.st = st
	lookup := func(ak string) (string, bool) { return testSecret, ak == testAK }
	cfg := Config{
		Store:     st,
		Code:      codezip.Layout{Root: e.dir + "/code"},
		Region:    testRegion,
		AccountID: testAcct,
		TriggerURLs: func(function, id string) (string, string) {
			return "http://127.0.0.1:9/" + id, "http://127.0.0.1:9/vpc/" + id
		},
		AuthenticateDigest: func(r *http.Request, sum string) error {
			return fcauth.VerifyACS3Digest(r, sum, lookup, time.Now())
		},
		Notify: func(ev Event) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.events = append(e.events, ev)
		},
		Now: func() time.Time {
			e.mu.Lock()
			defer e.mu.Unlock()
			return e.now
		},
		StateDelay:  e.stateDelay,
		CheckStart:  e.checkStart,
		Provisioned: e.provisioned,
	}
	if e.h, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	cfg.AuthenticateDigest = nil
	if e.open, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(e.h)
	e.client = newClient(t, e.srv.Listener.Addr().String(), testAK, testSecret)
	t.Cleanup(e.stop)
}

func (e *env) stop() {
	if e.srv != nil {
		e.srv.Close()
		e.st.Close()
		e.srv = nil
	}
}

func (e *env) restart() {
	e.stop()
	e.start()
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// takeEvents returns the events so far and forgets them.
func (e *env) takeEvents() []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	ev := e.events
	e.events = nil
	return ev
}

func newClient(t *testing.T, addr, ak, secret string) *fc.Client {
	t.Helper()
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	for _, k := range []string{"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"} {
		t.Setenv(k, "") // dara would send even loopback traffic through a proxy
	}
	c, err := fc.NewClient(&openapi.Config{
		AccessKeyId:     dara.String(ak),
		AccessKeySecret: dara.String(secret),
		Endpoint:        dara.String(addr),
		Protocol:        dara.String("HTTP"),
		RegionId:        dara.String(testRegion),
		HttpClient:      httpClient{&http.Client{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sdkErr asserts that err is the SDK's error with FC's code and status.
func sdkErr(t *testing.T, err error, code string, status int) *tea.SDKError {
	t.Helper()
	var se *tea.SDKError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T), want *tea.SDKError %s", err, err, code)
	}
	if dara.StringValue(se.Code) != code || dara.IntValue(se.StatusCode) != status {
		t.Fatalf("error %s/%d %q, want %s/%d", dara.StringValue(se.Code), dara.IntValue(se.StatusCode), dara.StringValue(se.Message), code, status)
	}
	return se
}

// zipOf builds a zip with an executable bootstrap whose body is marker.
func zipOf(t testing.TB, marker string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	f, err := w.CreateHeader(h)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("#!/bin/sh\n# " + marker + "\n"))
	h = &zip.FileHeader{Name: "lib/data.txt", Method: zip.Deflate}
	h.SetMode(0o644 | fs.FileMode(0))
	f, _ = w.CreateHeader(h)
	f.Write([]byte(marker))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func b64(b []byte) *string { return dara.String(base64.StdEncoding.EncodeToString(b)) }

// fnInput is a valid WebSocket function with the given code.
func fnInput(name string, code []byte) *fc.CreateFunctionInput {
	return &fc.CreateFunctionInput{
		FunctionName: dara.String(name),
		Runtime:      dara.String("custom.debian12"),
		Handler:      dara.String("index.handler"),
		Code:         &fc.InputCodeLocation{ZipFile: b64(code)},
	}
}

func (e *env) create(in *fc.CreateFunctionInput) *fc.Function {
	e.t.Helper()
	resp, err := e.client.CreateFunction(&fc.CreateFunctionRequest{Body: in})
	if err != nil {
		e.t.Fatalf("CreateFunction(%s): %v", dara.StringValue(in.FunctionName), err)
	}
	return resp.Body
}

func (e *env) createTrigger(fn, tn, config string) *fc.Trigger {
	e.t.Helper()
	tr, err := e.tryTrigger(fn, tn, "http", config)
	if err != nil {
		e.t.Fatalf("CreateTrigger(%s/%s): %v", fn, tn, err)
	}
	return tr
}

// tryTrigger sends CreateTrigger and returns the answer, for tests of
// refusals and of types other than http.
func (e *env) tryTrigger(fn, tn, typ, config string) (*fc.Trigger, error) {
	resp, err := e.client.CreateTrigger(dara.String(fn), &fc.CreateTriggerRequest{Body: &fc.CreateTriggerInput{
		TriggerName: dara.String(tn), TriggerType: dara.String(typ), TriggerConfig: dara.String(config),
	}})
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// raw sends an unsigned request straight to the handler.
func (e *env) raw(method, path, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.open.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec
}

func httpRecorder(h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec
}

// mkZip builds a zip of plain files.
func mkZip(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// httpClient replaces the SDK's shared default client, whose Timeout field
// dara rewrites on every call while other calls read it: a data race under
// concurrent calls (tea v1.5.2, dara/core.go), which -race reports.
type httpClient struct{ c *http.Client }

func (h httpClient) Call(r *http.Request, _ *http.Transport) (*http.Response, error) {
	return h.c.Do(r)
}
