package aliyun

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	credproviders "github.com/aliyun/credentials-go/credentials/providers"
)

// newCredentials picks where the key pair comes from: the explicit keys of
// the settings; else the named profile, in the aliyun CLI's config then in
// ~/.alibabacloud/credentials; else credentials-go's default chain
// (environment, OIDC, CLI profile, credentials file, ECS RAM role unless
// ALIBABA_CLOUD_ECS_METADATA_DISABLED=true).
func newCredentials(s Settings) (*lockedCredentials, error) {
	switch {
	case s.AccessKeyID != "" && s.SecurityToken != "":
		p, err := credproviders.NewStaticSTSCredentialsProviderBuilder().
			WithAccessKeyId(s.AccessKeyID).WithAccessKeySecret(s.AccessKeySecret).WithSecurityToken(s.SecurityToken).Build()
		return locked(p), err
	case s.AccessKeyID != "":
		p, err := credproviders.NewStaticAKCredentialsProviderBuilder().
			WithAccessKeyId(s.AccessKeyID).WithAccessKeySecret(s.AccessKeySecret).Build()
		return locked(p), err
	case s.Profile != "":
		cli, err := credproviders.NewCLIProfileCredentialsProviderBuilder().WithProfileName(s.Profile).Build()
		if err != nil {
			return nil, err
		}
		ini, err := credproviders.NewProfileCredentialsProviderBuilder().WithProfileName(s.Profile).Build()
		if err != nil {
			return nil, err
		}
		return locked(&firstOf{name: "profile " + s.Profile, chain: []credproviders.CredentialsProvider{cli, ini}}), nil
	}
	return locked(credproviders.NewDefaultCredentialsProvider()), nil
}

// lockedCredentials serialises a credentials provider: credentials-go's
// providers cache what they resolved (the default chain's last used
// provider, a profile's inner provider, an OIDC session) without locks, and
// the SDK asks for credentials on every call, from many goroutines.
type lockedCredentials struct {
	mu sync.Mutex
	p  credproviders.CredentialsProvider
}

func locked(p credproviders.CredentialsProvider) *lockedCredentials {
	return &lockedCredentials{p: p}
}

func (l *lockedCredentials) GetCredentials() (*credproviders.Credentials, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.p.GetCredentials()
}

func (l *lockedCredentials) GetProviderName() string { return l.p.GetProviderName() }

// firstOf is a chain that answers with the first provider that has
// credentials.
type firstOf struct {
	name  string
	chain []credproviders.CredentialsProvider
}

func (f *firstOf) GetCredentials() (*credproviders.Credentials, error) {
	var errs []string
	for _, p := range f.chain {
		c, err := p.GetCredentials()
		if err == nil {
			return c, nil
		}
		errs = append(errs, err.Error())
	}
	return nil, errors.New(strings.Join(errs, "; "))
}

func (f *firstOf) GetProviderName() string { return f.name }

// noCredentials explains a chain that found nothing, and how to fix it.
func noCredentials(s Settings, err error) error {
	if s.Profile != "" {
		return fmt.Errorf("aliyun: no credentials found: profile %q is in neither ~/.aliyun/config.json nor ~/.alibabacloud/credentials "+
			"(run `aliyun configure --profile %s`, or remove profile from the provider block); the chain said: %v", s.Profile, s.Profile, err)
	}
	return fmt.Errorf("aliyun: no credentials found: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, "+
		"or for CI set ALIBABA_CLOUD_OIDC_TOKEN_FILE, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_ROLE_ARN, "+
		"or run `aliyun configure`, or write ~/.alibabacloud/credentials; the chain said: %v", err)
}

// secretsOf lists the strings that no error may show: the secrets and
// tokens of the settings, the environment and the resolved credentials.
func secretsOf(s Settings, c *credproviders.Credentials) []string {
	out := []string{s.AccessKeySecret, s.SecurityToken,
		os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), os.Getenv("ALIBABA_CLOUD_SECURITY_TOKEN")}
	if c != nil {
		out = append(out, c.AccessKeySecret, c.SecurityToken)
	}
	var keep []string
	for _, v := range out {
		if len(v) >= 4 { // shorter strings would scrub ordinary words
			keep = append(keep, v)
		}
	}
	return keep
}

// scrub replaces every secret in text.
func scrub(text string, secrets []string) string {
	for _, v := range secrets {
		text = strings.ReplaceAll(text, v, "****")
	}
	return text
}
