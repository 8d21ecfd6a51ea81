package smoke

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// gateway is a local gateway running in the test process, with the
// official FC client pointed at it.
type gateway struct {
	t   *testing.T
	dir string
	fc  *fc.Client
}

// startGateway runs a gateway on a fresh state directory; mod adjusts its
// configuration (propagation delay, faults).
func startGateway(t *testing.T, mod func(*server.Config)) *gateway {
	testtier.NeedsProcesses(t)
	t.Helper()
	dir := t.TempDir()
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
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := fc.NewClient(&openapi.Config{
		AccessKeyId: dara.String(cred.AccessKeyID), AccessKeySecret: dara.String(cred.AccessKeySecret),
		Endpoint: dara.String(g.Info().ControlAddress), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return &gateway{t: t, dir: dir, fc: c}
}

// signer is the local provider's SignRequest: what the CLI passes.
func (g *gateway) signer() Signer {
	g.t.Helper()
	info, err := statedir.ReadInfo(g.dir)
	if err != nil {
		g.t.Fatal(err)
	}
	p, _, err := local.New(context.Background(), local.Settings{StateDir: g.dir, Address: info.ControlAddress, NoStart: true})
	if err != nil {
		g.t.Fatal(err)
	}
	return p.SignRequest
}

// function creates a function running code.
func (g *gateway) function(name string, code []byte) {
	g.t.Helper()
	_, err := g.fc.CreateFunction(&fc.CreateFunctionRequest{Body: &fc.CreateFunctionInput{
		FunctionName:        dara.String(name),
		Runtime:             dara.String("custom.debian12"),
		Handler:             dara.String("index.handler"),
		Code:                &fc.InputCodeLocation{ZipFile: dara.String(base64.StdEncoding.EncodeToString(code))},
		Timeout:             dara.Int32(60),
		InstanceConcurrency: dara.Int32(10),
		CustomRuntimeConfig: &fc.CustomRuntimeConfig{Port: dara.Int32(9000)},
	}})
	if err != nil {
		g.t.Fatal(err)
	}
}

// trigger creates trigger "ws" of function with the given triggerConfig
// and returns a target for it, marked created when the call returned.
func (g *gateway) trigger(function, config string) Target {
	g.t.Helper()
	resp, err := g.fc.CreateTrigger(dara.String(function), &fc.CreateTriggerRequest{Body: &fc.CreateTriggerInput{
		TriggerName: dara.String("ws"), TriggerType: dara.String("http"), TriggerConfig: dara.String(config),
	}})
	if err != nil {
		g.t.Fatal(err)
	}
	url := dara.StringValue(resp.Body.HttpTrigger.UrlInternet)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		g.t.Fatalf("trigger URL %q", url)
	}
	authType := "anonymous"
	if strings.Contains(config, `"function"`) {
		authType = "function"
	}
	return Target{Function: function, FCName: function, Trigger: "ws", URL: url, AuthType: authType,
		Smoke: defaultSmoke(), Change: Change{Kind: Created, At: time.Now()}}
}

// updateTrigger changes trigger "ws" of function and marks t updated.
func (g *gateway) updateTrigger(t *Target, config string) {
	g.t.Helper()
	_, err := g.fc.UpdateTrigger(dara.String(t.FCName), dara.String(t.Trigger), &fc.UpdateTriggerRequest{Body: &fc.UpdateTriggerInput{
		TriggerConfig: dara.String(config),
	}})
	if err != nil {
		g.t.Fatal(err)
	}
	t.Change = Change{Kind: Updated, At: time.Now()}
}

// echo deploys the echo-go example with an anonymous GET trigger.
func (g *gateway) echo(name string) Target {
	g.function(name, echoZip)
	return g.trigger(name, anonymousGET)
}

const anonymousGET = `{"methods":["GET"],"authType":"anonymous"}`

func defaultSmoke() config.Smoke {
	return config.Smoke{Enabled: true, Timeout: config.DefaultSmokeTimeout}
}

// runOne runs the smoke test of one target and says how long it took.
func runOne(t *testing.T, target Target, opts Options) (Result, time.Duration) {
	t.Helper()
	began := time.Now()
	sum, err := Run(context.Background(), []Target{target}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return sum.Results[0], time.Since(began)
}

// want fails the test unless r ended with o and its reason and hint
// contain the given fragments.
func want(t *testing.T, r Result, o Outcome, fragments ...string) {
	t.Helper()
	if r.Outcome != o {
		t.Fatalf("outcome %s, want %s: %+v", r.Outcome, o, r)
	}
	for _, f := range fragments {
		if !strings.Contains(r.Reason+"\n"+r.Hint, f) {
			t.Errorf("reason and hint lack %q:\n%s\n%s", f, r.Reason, r.Hint)
		}
	}
}
