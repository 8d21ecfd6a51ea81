package aliyun

import (
	"fmt"

	"github.com/aliyun/credentials-go/credentials"
)

// SLSAccess is what a reader of Simple Log Service (wsdeploy logs) needs
// from the provider block: its region, the credentials FC's calls use, and
// a scrubber of secrets for error texts. Building it calls no API beyond
// what the credential source itself needs.
type SLSAccess struct {
	Region     string
	Credential credentials.Credential
	Scrub      func(string) string
}

// NewSLSAccess resolves s as New does, without the account id lookup.
func NewSLSAccess(s Settings) (SLSAccess, error) {
	s, err := s.resolve()
	if err != nil {
		return SLSAccess{}, err
	}
	creds, err := newCredentials(s)
	if err != nil {
		return SLSAccess{}, fmt.Errorf("aliyun: credentials: %s", scrub(err.Error(), secretsOf(s, nil)))
	}
	c, err := creds.GetCredentials()
	if err != nil {
		return SLSAccess{}, fmt.Errorf("%s", scrub(noCredentials(s, err).Error(), secretsOf(s, nil)))
	}
	secrets := secretsOf(s, c)
	return SLSAccess{Region: s.Region, Credential: credentials.FromCredentialsProvider("wsdeploy", creds),
		Scrub: func(text string) string { return scrub(text, secrets) }}, nil
}
