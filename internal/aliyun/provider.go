package aliyun

import (
	"context"
	"fmt"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/credentials-go/credentials"

	"github.com/wsdeploy/wsdeploy/providers"
)

// Provider is Function Compute 3.0 (or the local gateway, which speaks the
// same API) as a providers.Provider. It is safe for concurrent use.
type Provider struct {
	s       Settings
	fc      *fc.Client
	http    *httpClient
	creds   *lockedCredentials
	secrets []string // scrubbed from every error text
}

var _ providers.Provider = (*Provider)(nil)

// New resolves the settings and the credentials, looks up the account id
// when the endpoint needs it, and builds the client. It calls the network
// only for that lookup (and whatever the credential source needs, such as
// OIDC's STS exchange).
func New(ctx context.Context, s Settings) (*Provider, error) {
	s, err := s.resolve()
	if err != nil {
		return nil, err
	}
	creds, err := newCredentials(s)
	if err != nil {
		return nil, fmt.Errorf("aliyun: credentials: %s", scrub(err.Error(), secretsOf(s, nil)))
	}
	// Resolve once now: a missing credential is reported before any plan,
	// and the secrets are known for scrubbing.
	c, err := creds.GetCredentials()
	if err != nil {
		return nil, fmt.Errorf("%s", scrub(noCredentials(s, err).Error(), secretsOf(s, nil)))
	}
	p := &Provider{s: s, http: newHTTPClient(), creds: creds, secrets: secretsOf(s, c)}

	if s.AccountID == "" && s.Endpoint == "" {
		if p.s.AccountID, err = p.lookupAccountID(ctx); err != nil {
			return nil, err
		}
	}
	endpoint := s.Endpoint
	if endpoint == "" {
		endpoint = fcEndpoint(p.s.AccountID, s.Region)
	}
	p.s.Endpoint = endpoint
	p.fc, err = fc.NewClient(p.openapiConfig(endpoint))
	if err != nil {
		return nil, fmt.Errorf("aliyun: FC client: %s", scrub(err.Error(), p.secrets))
	}
	return p, nil
}

// openapiConfig is the SDK configuration of every client: the Provider's
// credentials and race-free HTTP client; no SDK retries (call retries).
func (p *Provider) openapiConfig(endpoint string) *openapi.Config {
	return &openapi.Config{
		Credential: credentials.FromCredentialsProvider("wsdeploy", p.creds),
		Endpoint:   dara.String(endpoint),
		Protocol:   dara.String(p.s.Protocol),
		RegionId:   dara.String(p.s.Region),
		HttpClient: p.http,
		UserAgent:  dara.String("wsdeploy"),
	}
}

// Info describes the target.
func (p *Provider) Info() providers.Info {
	return providers.Info{Name: p.s.Name, Region: p.s.Region, AccountID: p.s.AccountID, Endpoint: p.s.Endpoint,
		PropagationDelay: p.s.PropagationDelay, InstanceLimit: p.s.InstanceLimit}
}
