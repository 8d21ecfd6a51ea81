package aliyun

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	credproviders "github.com/aliyun/credentials-go/credentials/providers"

	"github.com/wsdeploy/wsdeploy/providers"
)

// chainSettings points at g but leaves credentials to the chain.
func chainSettings(g *gateway) Settings {
	s := g.settings()
	s.AccessKeyID, s.AccessKeySecret = "", ""
	return s
}

// signedIn proves p's credentials are the gateway's: the gateway verifies
// every signature, so only a correctly signed request reaches "not found".
func signedIn(t *testing.T, p *Provider) {
	t.Helper()
	if _, err := p.GetFunction(ctx, "missing"); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("a signed call: %v, want not found", err)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

const iniFile = `[default]
type = access_key
access_key_id = LTAI-someone-else
access_key_secret = not-the-gateways

[ci]
type = access_key
access_key_id = ` + testAK + `
access_key_secret = ` + testSecret + `
`

func TestCredentialsFromEnvironment(t *testing.T) {
	g := newGateway(t)
	cleanEnv(t)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", testAK)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", testSecret)
	t.Setenv("ALIBABA_CLOUD_REGION_ID", "cn-shanghai")
	s := chainSettings(g)
	s.Region = ""
	p, err := New(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	signedIn(t, p)
	if p.Info().Region != "cn-shanghai" {
		t.Errorf("region %q, want ALIBABA_CLOUD_REGION_ID's", p.Info().Region)
	}
}

func TestCredentialsFromFiles(t *testing.T) {
	g := newGateway(t)

	cleanEnv(t)
	writeFile(t, filepath.Join(os.Getenv("HOME"), ".alibabacloud", "credentials"), strings.Replace(iniFile, "[ci]", "[other]", 1))
	s := chainSettings(g)
	p, err := New(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.GetFunction(ctx, "missing"); errors.Is(err, providers.ErrNotFound) || err == nil {
		t.Errorf("the default profile holds other keys, yet the call passed: %v", err)
	}
	s.Profile = "other"
	if p, err = New(ctx, s); err != nil {
		t.Fatal(err)
	}
	signedIn(t, p)
	s.Profile = "absent"
	if _, err := New(ctx, s); err == nil || !strings.Contains(err.Error(), `profile "absent"`) {
		t.Errorf("an absent profile: %v", err)
	}

	// The aliyun CLI's config, in a fresh HOME.
	cleanEnv(t)
	writeFile(t, filepath.Join(os.Getenv("HOME"), ".aliyun", "config.json"), `{"current": "dev", "profiles": [
		{"name": "dev", "mode": "AK", "access_key_id": "`+testAK+`", "access_key_secret": "`+testSecret+`", "region_id": "cn-hangzhou"}]}`)
	p, err = New(ctx, chainSettings(g))
	if err != nil {
		t.Fatal(err)
	}
	signedIn(t, p)
}

func TestMissingCredentials(t *testing.T) {
	g := newGateway(t)
	cleanEnv(t)
	_, err := New(ctx, chainSettings(g))
	for _, want := range []string{"aliyun: no credentials found", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "~/.alibabacloud/credentials"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}

	// OIDC is in the chain: with its variables set, the chain reads the
	// token file (missing here, so no STS request is made).
	token := filepath.Join(t.TempDir(), "oidc-token")
	t.Setenv("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token)
	t.Setenv("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "acs:ram::1:oidc-provider/ci")
	t.Setenv("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/deploy")
	if _, err := New(ctx, chainSettings(g)); err == nil || !strings.Contains(err.Error(), token) {
		t.Errorf("OIDC not consulted: %v", err)
	}

	s := g.settings()
	s.AccessKeySecret = ""
	if _, err := New(ctx, s); err == nil || !strings.Contains(err.Error(), "set both or neither") {
		t.Errorf("half a key pair: %v", err)
	}
	s = g.settings()
	s.Region = ""
	if _, err := New(ctx, s); err == nil || !strings.Contains(err.Error(), "ALIBABA_CLOUD_REGION_ID") {
		t.Errorf("no region: %v", err)
	}
	s = g.settings()
	s.Protocol = "ftp"
	if _, err := New(ctx, s); err == nil {
		t.Error("protocol ftp accepted")
	}
}

func TestMissingCredentialsErrorHidesSecrets(t *testing.T) {
	cleanEnv(t)
	// A secret in the environment but no key id: the chain fails, and
	// nothing it says may show the secret.
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret-value-1234")
	writeFile(t, filepath.Join(os.Getenv("HOME"), ".alibabacloud", "credentials"), "[default]\ntype = bogus\naccess_key_secret = file-secret-5678\n")
	_, err := New(context.Background(), Settings{Region: testRegion, AccountID: testAcct, Endpoint: "127.0.0.1:1", Protocol: "HTTP"})
	if err == nil || strings.Contains(err.Error(), "env-secret-value-1234") || strings.Contains(err.Error(), "file-secret-5678") {
		t.Errorf("error: %v", err)
	}
}

// cachingProvider writes on every call, as credentials-go's refreshing
// providers (OIDC sessions, RAM roles) do when a session expires.
type cachingProvider struct{ calls int }

func (c *cachingProvider) GetCredentials() (*credproviders.Credentials, error) {
	c.calls++
	return &credproviders.Credentials{AccessKeyId: testAK, AccessKeySecret: testSecret}, nil
}
func (c *cachingProvider) GetProviderName() string { return "caching" }

// Under -race this fails if lockedCredentials stops serialising.
func TestLockedCredentialsSerialise(t *testing.T) {
	inner := &cachingProvider{}
	l := locked(inner)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.GetCredentials()
		}()
	}
	wg.Wait()
	if inner.calls != 16 {
		t.Errorf("calls = %d", inner.calls)
	}
}
