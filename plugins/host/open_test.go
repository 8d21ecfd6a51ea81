package host

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

var ctx = context.Background()

func settings(region string) map[string]cty.Value {
	return map[string]cty.Value{
		"region": cty.StringVal(region),
		"token":  cty.StringVal("s3cret"),
		"zones":  cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")}),
	}
}

// A good plugin is described, reports its schema, is configured, serves
// every call across the wire, has its log forwarded, and is gone after
// Close.
func TestPluginServesTheProviderInterface(t *testing.T) {
	log := &syncBuffer{}
	p, err := Open(ctx, "good", pluginPath("good"), testOptions(log))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.ProtocolVersion != proto.ProtocolVersion || p.Version != "v1.2.3-test" {
		t.Errorf("described as protocol %d, version %q", p.ProtocolVersion, p.Version)
	}
	schema, err := p.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := providers.Schema{Attributes: []providers.SchemaAttribute{
		{Name: "region", Type: cty.String, Required: true, Description: "where"},
		{Name: "token", Type: cty.String, Sensitive: true},
		{Name: "zones", Type: cty.List(cty.String)},
	}}
	if !reflect.DeepEqual(schema, want) {
		t.Errorf("schema %+v, want %+v", schema, want)
	}

	prov, err := p.Configure(ctx, settings("cn-test"), map[string]bool{"token": true})
	if err != nil {
		t.Fatal(err)
	}
	if info := prov.Info(); info.Name != "test" || info.Region != "cn-test" {
		t.Errorf("info %+v", info)
	}

	_, err = prov.GetFunction(ctx, "nope")
	if !errors.Is(err, providers.ErrNotFound) || !strings.Contains(err.Error(), `function "nope"`) {
		t.Errorf("GetFunction of a missing function: %v, want ErrNotFound with the plugin's message", err)
	}
	if err := prov.DeleteTrigger(ctx, "f", "t"); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("DeleteTrigger: %v, want ErrNotFound", err)
	}

	five := 5
	fn := &providers.Function{Name: "f", Runtime: "custom.debian12", Command: []string{"./bootstrap"}, Port: 9000,
		MemorySize: 1024, CPU: 1, Timeout: 60, Environment: map[string]string{"A": "1"},
		Tags: map[string]string{providers.StackTag: "s"}, MaxInstances: &five,
		HealthCheck: &providers.HealthCheck{HTTPGetURL: "/ready", PeriodSeconds: 3}}
	code := &providers.Code{Zip: []byte("PK-not-really"), Checksum: "42"}
	if _, err := prov.CreateFunction(ctx, fn, code); err != nil {
		t.Fatal(err)
	}
	got, err := prov.GetFunction(ctx, "f")
	if err != nil {
		t.Fatal(err)
	}
	fn.CodeChecksum, fn.CodeSize = "42", int64(len(code.Zip))
	if !reflect.DeepEqual(got, fn) {
		t.Errorf("read back %+v, want %+v", got, fn)
	}
	list, err := prov.ListFunctions(ctx, "s")
	if err != nil || len(list) != 1 || list[0].Name != "f" {
		t.Errorf("ListFunctions: %v, %v", list, err)
	}
	// A zip kept in a file (a large package) reaches the plugin whole.
	inFile := []byte("PK-kept-in-a-file")
	code = &providers.Code{File: bytes.NewReader(inFile), Size: int64(len(inFile)), Checksum: "43"}
	if got, err := prov.UpdateFunction(ctx, fn, code); err != nil || got.CodeChecksum != "43" || got.CodeSize != int64(len(inFile)) {
		t.Errorf("UpdateFunction with the zip in a file: %v, %+v", err, got)
	}

	req, _ := http.NewRequest("GET", "http://127.0.0.1:9/ws?x=1", nil)
	req.Header.Set("X-Before", "original")
	if err := prov.SignRequest(req); err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Get("Authorization"); got != "test GET http://127.0.0.1:9/ws?x=1 original" {
		t.Errorf("Authorization %q", got)
	}
	if got := req.Header.Get("X-Before"); got != "changed" {
		t.Errorf("X-Before %q: a changed header must be set", got)
	}

	pid := p.runner.pid
	p.Close()
	waitGone(t, pid)
	// Close waited for the log to be read to the end.
	if out := log.String(); !strings.Contains(out, "wsdeploy.wsdeploy-provider-good: configured") || !strings.Contains(out, "region=cn-test") {
		t.Errorf("the plugin's log line was not forwarded:\n%s", out)
	}
}

// Configure's failures carry the plugin's reason.
func TestConfigureErrors(t *testing.T) {
	p, err := Open(ctx, "good", pluginPath("good"), testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, err := p.Configure(ctx, settings("nowhere"), nil); err == nil || !strings.Contains(err.Error(), `region "nowhere" does not exist`) {
		t.Errorf("a refused configuration: %v", err)
	}
	if _, err := p.Configure(ctx, map[string]cty.Value{}, nil); err == nil || !strings.Contains(err.Error(), `the required setting "region" is missing`) {
		t.Errorf("a missing required setting: %v", err)
	}
}

// Close kills what the plugin started in its process group too.
func TestCloseLeavesNoOrphan(t *testing.T) {
	p, err := Open(ctx, "child", pluginPath("child"), testOptions(&syncBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	prov, err := p.Configure(ctx, settings("cn-test"), nil)
	if err != nil {
		p.Close()
		t.Fatal(err)
	}
	child, err := strconv.Atoi(prov.Info().Endpoint)
	if err != nil {
		t.Fatalf("the plugin did not report its child: %q", prov.Info().Endpoint)
	}
	p.Close()
	waitGone(t, child)
}

// Each broken plugin gets an error that says what went wrong, within its
// bound, and leaves no process behind.
func TestBrokenPlugins(t *testing.T) {
	cases := []struct {
		mode  string
		tweak func(*Options)
		call  func(providers.Provider) error // nil: Open itself must fail
		want  []string
	}{
		{mode: "crash-start", want: []string{"exited before completing the plugin handshake", "panic: boom at start", "the configuration file is corrupt"}},
		{mode: "hang-start", tweak: func(o *Options) { o.StartTimeout = time.Second },
			want: []string{"did not complete the plugin handshake within 1s", "it was killed"}},
		{mode: "garbage", want: []string{`printed "Hello! Starting the provider..." on stdout where the plugin handshake was expected`, "must log to stderr"}},
		{mode: "version", want: []string{"speaks another version of the provider protocol", "which speaks version 1", "Plugin version: 99"}},
		{mode: "crash-call", call: func(p providers.Provider) error {
			_, err := p.CreateFunction(ctx, &providers.Function{Name: "f"}, nil)
			return err
		}, want: []string{`provider plugin "crash-call" exited during CreateFunction`, "panic: boom in CreateFunction"}},
		{mode: "hang-call", tweak: func(o *Options) { o.CallTimeout = time.Second }, call: func(p providers.Provider) error {
			_, err := p.GetFunction(ctx, "f")
			if !errors.Is(err, context.DeadlineExceeded) {
				return errors.New("not a deadline error: " + err.Error())
			}
			return err
		}, want: []string{`provider plugin "hang-call" did not answer GetFunction within 1s`}},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			t.Parallel()
			opts := testOptions(&syncBuffer{})
			if c.tweak != nil && c.call == nil {
				c.tweak(&opts)
			}
			start := time.Now()
			// Only the call under test gets the short bound.
			p, err := openAndCall(t, c.mode, opts, c.call, c.tweak)
			if c.call != nil {
				p.Close()
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if !strings.Contains(err.Error(), c.mode) {
				t.Errorf("error does not name the plugin: %v", err)
			}
			if elapsed := time.Since(start); elapsed > 30*time.Second {
				t.Errorf("took %s", elapsed)
			}
			if p.runner != nil && p.runner.pid != 0 {
				waitGone(t, p.runner.pid)
			}
		})
	}
}
