package applye2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/codezip"
	"github.com/wsdeploy/wsdeploy/internal/gateway/controlapi"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

const (
	testAK     = "LTAI-engine-test"
	testSecret = "engine-test-secret-4711"
	testRegion = "cn-hangzhou"
	testAcct   = "1234567890"
)

var ctx = context.Background()

// gateway is the local gateway's control API in process, on loopback,
// signatures verified, behind a proxy that counts calls, uploads and
// successful answers and can inject faults: the FC these tests deploy to
// through the real aliyun provider and the official SDK.
type gateway struct {
	st   *store.Store
	h    *controlapi.Handler
	addr string

	mu        sync.Mutex
	calls     map[string]int // requests per x-acs-action
	succeeded map[string]int // 2xx answers per action
	uploads   int            // Create/UpdateFunction requests carrying a zip
	fault     faultFunc
}

// faultFunc decides the fate of a request: nil passes it.
type faultFunc func(r *http.Request, body []byte) *fault

// fault is an error answer instead of the gateway's.
type fault struct {
	status int
	// after serves the request first and loses its answer, as when a
	// connection drops after FC committed.
	after   bool
	message string // default: "injected by the test"
}

func newGateway(tb testing.TB) *gateway {
	tb.Helper()
	dir := tb.TempDir()
	st, err := store.Open(filepath.Join(dir, "state"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	g := &gateway{st: st, calls: map[string]int{}, succeeded: map[string]int{}}
	lookup := func(ak string) (string, bool) { return testSecret, ak == testAK }
	g.h, err = controlapi.New(controlapi.Config{
		Store: st, Code: codezip.Layout{Root: filepath.Join(dir, "code")},
		Region: testRegion, AccountID: testAcct,
		TriggerURLs: func(function, id string) (string, string) {
			return "http://127.0.0.1:9/" + function + "-" + id, "http://127.0.0.1:9/vpc/" + id
		},
		Authenticate: func(r *http.Request, body []byte) error { return fcauth.VerifyACS3(r, body, lookup, time.Now()) },
	})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(g)
	tb.Cleanup(srv.Close)
	g.addr = srv.Listener.Addr().String()
	return g
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	action := r.Header.Get("x-acs-action")
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	g.mu.Lock()
	g.calls[action]++
	decide := g.fault
	g.mu.Unlock()
	var f *fault
	if decide != nil {
		f = decide(r, body)
	}
	if f != nil && !f.after {
		fcError(w, f)
		return
	}
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	if f != nil {
		rec.ResponseWriter = discard{http.Header{}}
	}
	g.h.ServeHTTP(rec, r)
	g.mu.Lock()
	if rec.status < 300 {
		g.succeeded[action]++
		if (action == "CreateFunction" || action == "UpdateFunction") && bytes.Contains(body, []byte(`"zipFile"`)) {
			g.uploads++
		}
	}
	g.mu.Unlock()
	if f != nil {
		fcError(w, f)
	}
}

func fcError(w http.ResponseWriter, f *fault) {
	code := map[int]string{429: "Throttling", 500: "InternalError", 503: "ServiceUnavailable"}[f.status]
	if code == "" {
		code = "InvalidArgument"
	}
	msg := f.message
	if msg == "" {
		msg = "injected by the test"
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.status)
	json.NewEncoder(w).Encode(map[string]string{"Code": code, "Message": msg, "RequestId": "fault"})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

type discard struct{ h http.Header }

func (d discard) Header() http.Header       { return d.h }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

func (g *gateway) setFault(f faultFunc) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.fault = f
}

// counts returns (requests, 2xx answers) of action and the uploads so far.
func (g *gateway) counts(action string) (calls, ok, uploads int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.calls[action], g.succeeded[action], g.uploads
}

// randomFaults answers a share of all requests with 429, 500 or 503, a
// third of them after serving the request (the answer lost).
func randomFaults(seed uint64, rate float64) faultFunc {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, seed))
	return func(*http.Request, []byte) *fault {
		mu.Lock()
		defer mu.Unlock()
		if rng.Float64() >= rate {
			return nil
		}
		return &fault{status: []int{429, 500, 503}[rng.IntN(3)], after: rng.IntN(3) == 0}
	}
}

// provider is the aliyun provider pointed at g, with retries of a few
// milliseconds.
func (g *gateway) provider(tb testing.TB) providers.Provider {
	tb.Helper()
	return g.providerIn(tb, testRegion)
}

// providerIn is provider claiming another region (the gateway does not
// mind), for plans that must not apply elsewhere.
func (g *gateway) providerIn(tb testing.TB, region string) providers.Provider {
	tb.Helper()
	tb.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	p, err := aliyun.New(ctx, aliyun.Settings{
		Name: "local", Region: region, AccountID: testAcct, Endpoint: g.addr, Protocol: "HTTP",
		AccessKeyID: testAK, AccessKeySecret: testSecret,
		Retry: aliyun.RetryPolicy{MaxAttempts: 6, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// functions returns the store's functions by name with their trigger names.
func (g *gateway) functions(tb testing.TB) map[string][]string {
	tb.Helper()
	fns, _, err := g.st.ListFunctions(store.ListOptions{}, func(*fc.Function) bool { return true })
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string][]string{}
	for _, f := range fns {
		ts, _, err := g.st.ListTriggers(*f.FunctionName, store.ListOptions{})
		if err != nil {
			tb.Fatal(err)
		}
		names := []string{}
		for _, t := range ts {
			names = append(names, *t.Trigger.TriggerName)
		}
		sort.Strings(names)
		out[*f.FunctionName] = names
	}
	return out
}

// stackDir is a stack directory with an app/ code directory.
type stackDir struct {
	tb  testing.TB
	dir string
}

func newStackDir(tb testing.TB) *stackDir {
	tb.Helper()
	s := &stackDir{tb: tb, dir: tb.TempDir()}
	s.writeCode("app", "v1")
	return s
}

// writeCode puts an executable bootstrap whose body is marker in dir/name.
func (s *stackDir) writeCode(name, marker string) {
	s.tb.Helper()
	d := filepath.Join(s.dir, name)
	if err := os.MkdirAll(d, 0o755); err != nil {
		s.tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, "bootstrap"), []byte("#!/bin/sh\n# "+marker+"\nexec ./server\n"), 0o755); err != nil {
		s.tb.Fatal(err)
	}
}

// load writes src as main.hcl and loads the stack, failing on errors.
func (s *stackDir) load(src string, vars ...config.VarArg) *config.Stack {
	s.tb.Helper()
	if err := os.WriteFile(filepath.Join(s.dir, "main.hcl"), []byte(src), 0o644); err != nil {
		s.tb.Fatal(err)
	}
	return loadStack(s.tb, s.dir, vars...)
}

func loadStack(tb testing.TB, dir string, vars ...config.VarArg) *config.Stack {
	tb.Helper()
	stack, diags := config.Load(dir, config.Options{Vars: vars, Environ: []string{},
		ProviderSchemas: map[string]providers.Schema{local.Name: local.Schema, aliyun.Name: aliyun.Schema}})
	if diags.HasErrors() {
		tb.Fatalf("loading %s: %s", dir, diags.Error())
	}
	return stack
}

func mustPlan(tb testing.TB, stack *config.Stack, p providers.Provider, targets ...string) *plan.Plan {
	tb.Helper()
	pl, err := plan.Make(ctx, stack, p, plan.Options{Targets: targets})
	if err != nil {
		tb.Fatalf("plan: %v", err)
	}
	return pl
}

func mustPlanDestroy(tb testing.TB, stack *config.Stack, p providers.Provider, targets ...string) *plan.Plan {
	tb.Helper()
	pl, err := plan.MakeDestroy(ctx, stack, p, plan.Options{Targets: targets})
	if err != nil {
		tb.Fatalf("plan -destroy: %v", err)
	}
	return pl
}

func mustApply(tb testing.TB, pl *plan.Plan, p providers.Provider) *apply.Result {
	tb.Helper()
	res, err := apply.Apply(ctx, pl, p, apply.Options{})
	if err != nil {
		tb.Fatalf("apply: %v", err)
	}
	return res
}

// converge applies stack and checks that the next plan is empty.
func converge(tb testing.TB, stack *config.Stack, p providers.Provider) *apply.Result {
	tb.Helper()
	res := mustApply(tb, mustPlan(tb, stack, p), p)
	if again := mustPlan(tb, stack, p); again.HasChanges() {
		tb.Fatalf("the plan after apply is not empty:\n%s", describe(again))
	}
	return res
}

// describe lists a plan's changes, one line each, for failure messages.
func describe(pl *plan.Plan) string {
	var b strings.Builder
	for _, c := range pl.Changes {
		if c.Action == plan.NoOp {
			continue
		}
		fmt.Fprintf(&b, "  %s %s", c.Action, c.Address)
		for _, a := range c.Attributes {
			fmt.Fprintf(&b, " [%s %s: %s → %s]", a.Action, a.Path, a.Before, a.After)
		}
		if c.Code != nil && c.Code.Changed() {
			fmt.Fprintf(&b, " [code %s → %s]", c.Code.Before, c.Code.After)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// actions maps each changed address to its action.
func actions(pl *plan.Plan) map[string]plan.Action {
	out := map[string]plan.Action{}
	for _, c := range pl.Changes {
		if c.Action != plan.NoOp {
			out[c.Address] = c.Action
		}
	}
	return out
}
