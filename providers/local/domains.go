package local

import (
	"fmt"
	"os"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/providers"
)

// Provider is the aliyun provider pointed at the gateway, plus where the
// gateway's custom domains answer, which DNS does not know.
type Provider struct {
	*aliyun.Provider
	domains *providers.DomainEndpoint
}

// Info is the aliyun provider's, with Domains: the gateway's listeners
// and the local CA's certificate.
func (p *Provider) Info() providers.Info {
	info := p.Provider.Info()
	info.Domains = p.domains
	return info
}

// Domains reads where a gateway's custom domains answer from its
// gateway.json: nil for a gateway that predates them.
func Domains(info Info) (*providers.DomainEndpoint, error) {
	if info.DomainAddress == "" && info.DomainTLSAddress == "" {
		return nil, nil
	}
	d := &providers.DomainEndpoint{HTTP: info.DomainAddress, HTTPS: info.DomainTLSAddress}
	if info.CACertificate != "" {
		pem, err := os.ReadFile(info.CACertificate)
		if err != nil {
			return nil, fmt.Errorf("the local gateway's CA certificate (ca_certificate of gateway.json): %w; restart the gateway to create it again", err)
		}
		d.CACertificate = pem
	}
	return d, nil
}
