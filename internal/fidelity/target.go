package fidelity

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/gatewaytest"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// Prefix begins the name of every function the tests create, and only
// theirs: Sweep deletes nothing else.
const Prefix = "wsdeploy-live-"

// RunTag is the tag every function the tests create carries, valued with
// the run's id; Sweep deletes only functions that have it.
const RunTag = "wsdeploy-live-run"

// StateDelay is how long the local target keeps a changed function
// InProgress (and a new container Pending): FC does so for seconds, and
// the provider must wait it out. Long enough that the provider's first
// read after a change lands inside it even on a loaded machine (at 150 ms,
// a run with load average 30 read Successful at once, and
// TestApplyWaitsUntilTheFunctionSettles saw no wait); short enough that
// `make test` stays fast.
const StateDelay = time.Second

// Target is where the tests deploy: a local gateway of the test's own or
// real FC (Open decides).
type Target struct {
	// Provider is the aliyun provider, pointed at the gateway or at FC,
	// which adds RunTag to every function it writes and hides it on reads
	// (so that stacks need not declare it).
	Provider providers.Provider
	Live     bool
	// RunID names this test process's functions (Prefix+RunID+"-"+test)
	// and is RunTag's value.
	RunID string
	// Image is a custom-container image the target can pull; "" on FC when
	// EnvImage is not set.
	Image string

	raw providers.Provider // without the tag wrapper, for Sweep
	sdk *fc.Client         // the FC API itself, for Sweep's listing by prefix
	key fcauth.Credentials // the key pair both use, for SignFC2
}

// runID is this test process's id: a live run shares one account with any
// other run, so names and tags must not collide.
var runID = func() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}()

// placeholderImage is what the gateway gets for a container: it never
// pulls images.
const placeholderImage = "registry.cn-hangzhou.aliyuncs.com/wsdeploy/placeholder:1"

// Open returns the test's target: real FC when EnvLive is "1" (the test
// fails, saying what is missing, when credentials or the region are not
// set), else a local gateway started for this test and stopped after it.
func Open(t *testing.T) *Target {
	t.Helper()
	cfg, live, err := LiveFromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if live {
		tg, err := liveTarget(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	return localTarget(t)
}

// localTarget starts a gateway in process, as strict as FC: sandboxed
// instances where the kernel allows, FC's state machine (StateDelay).
func localTarget(t *testing.T) *Target {
	t.Helper()
	dir := gatewaytest.Start(t, func(c *server.Config) {
		c.StateDelay = StateDelay
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	})
	p, _, err := local.New(context.Background(), local.Settings{StateDir: dir, NoStart: true})
	if err != nil {
		t.Fatal(err)
	}
	info, err := statedir.ReadInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	sdk, err := sdkClient(info.ControlAddress, "HTTP", info.Region, cred.AccessKeyID, cred.AccessKeySecret, "")
	if err != nil {
		t.Fatal(err)
	}
	return newTarget(p, sdk, false, placeholderImage, fcauth.Credentials{AccessKeyID: cred.AccessKeyID, AccessKeySecret: cred.AccessKeySecret})
}

// live is the one live target of a test process: opened, and swept, once.
var live struct {
	once sync.Once
	tg   *Target
	err  error
}

// SweepAge is how old a tagged function must be before a live run's
// sweep deletes it: older than any run (make test-live times out first).
const SweepAge = time.Hour

func liveTarget(cfg Live) (*Target, error) {
	live.once.Do(func() {
		live.tg, live.err = openLive(cfg)
	})
	return live.tg, live.err
}

// openLive builds the aliyun provider from the key pair and region alone
// (never the ECS metadata service); it looks the account id up with STS,
// as the provider does when none is configured. Then it sweeps.
func openLive(cfg Live) (*Target, error) {
	if err := os.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	p, err := aliyun.New(ctx, aliyun.Settings{Region: cfg.Region, AccessKeyID: cfg.KeyID,
		AccessKeySecret: cfg.KeySecret, SecurityToken: cfg.Token})
	if err != nil {
		return nil, fmt.Errorf("live tier: %w", err)
	}
	sdk, err := sdkClient(p.Info().Endpoint, "HTTPS", cfg.Region, cfg.KeyID, cfg.KeySecret, cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("live tier: FC client: %w", err)
	}
	tg := newTarget(p, sdk, true, cfg.Image, fcauth.Credentials{AccessKeyID: cfg.KeyID, AccessKeySecret: cfg.KeySecret, SecurityToken: cfg.Token})
	swept, err := tg.Sweep(ctx, time.Now().Add(-SweepAge))
	for _, name := range swept {
		fmt.Fprintf(os.Stderr, "fidelity: swept %s, left by an earlier run\n", name)
	}
	if err != nil {
		return nil, fmt.Errorf("live tier: sweeping what earlier runs left: %w", err)
	}
	return tg, nil
}

func newTarget(p providers.Provider, sdk *fc.Client, live bool, image string, key fcauth.Credentials) *Target {
	return &Target{Provider: tagged{Provider: p, run: runID}, Live: live, RunID: runID, Image: image, raw: p, sdk: sdk, key: key}
}

// SignFC2 signs r for a trigger with authType "function" in FC 2.0's
// scheme ("FC <key>:<signature>"), with the target's key pair: what older
// clients send, which FC 3.0 documents no more.
func (tg *Target) SignFC2(r *http.Request) error {
	return fcauth.SignTrigger(r, tg.key, time.Now())
}

// sdkClient is FC's official client with a static key pair.
func sdkClient(endpoint, protocol, region, keyID, secret, token string) (*fc.Client, error) {
	c := &openapi.Config{
		AccessKeyId: dara.String(keyID), AccessKeySecret: dara.String(secret),
		Endpoint: dara.String(endpoint), Protocol: dara.String(protocol), RegionId: dara.String(region),
	}
	if token != "" {
		c.SecurityToken = dara.String(token)
	}
	return fc.NewClient(c)
}

// FunctionState is FC's state and lastUpdateStatus of the function name,
// read with GetFunction (ListFunctions leaves them out).
func (tg *Target) FunctionState(name string) (state, lastUpdateStatus string, err error) {
	resp, err := tg.sdk.GetFunction(&name, &fc.GetFunctionRequest{})
	if err != nil {
		return "", "", err
	}
	return dara.StringValue(resp.Body.State), dara.StringValue(resp.Body.LastUpdateStatus), nil
}
