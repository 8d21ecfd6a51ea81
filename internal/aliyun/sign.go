package aliyun

import (
	"fmt"
	"net/http"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
)

// SignRequest signs a request to an HTTP trigger whose authType is
// "function" with the provider's credentials, with ACS3-HMAC-SHA256 as FC
// 3.0 documents for triggers (fcauth.SignTriggerACS3): the smoke test's
// WebSocket handshake.
func (p *Provider) SignRequest(r *http.Request) error {
	c, err := p.creds.GetCredentials()
	if err != nil {
		return fmt.Errorf("aliyun: signing a trigger request: %s", scrub(err.Error(), p.secrets))
	}
	return fcauth.SignTriggerACS3(r, fcauth.Credentials{AccessKeyID: c.AccessKeyId, AccessKeySecret: c.AccessKeySecret, SecurityToken: c.SecurityToken}, time.Now())
}
