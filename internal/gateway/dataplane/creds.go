package dataplane

import (
	"crypto/rand"
	"encoding/base64"
	"maps"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// credentials are what FC passes to an instance of a function with a role:
// the role's STS credentials. The gateway has no STS, so it issues
// look-alikes (an STS.-prefixed key id, a secret, a token, an expiry) from
// random bytes: code that reads them finds what it would on FC, and they
// sign nothing, here or anywhere. They are never the gateway's own key pair.
type credentials struct {
	accessKeyID, accessKeySecret, securityToken string
	expiration                                  time.Time
}

// credentialsTTL is STS's default DurationSeconds (an hour); a request
// gets fresh ones once half of it has passed, as FC refreshes a role's.
const credentialsTTL = time.Hour

func issueCredentials(now time.Time) *credentials {
	return &credentials{
		accessKeyID:     fcspec.STSAccessKeyPrefix + randomText(18),
		accessKeySecret: randomText(33),
		securityToken:   randomText(384),
		expiration:      now.Add(credentialsTTL),
	}
}

// randomText is n random bytes, base64 (URL alphabet, unpadded).
func randomText(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// roleCredentials holds one instance's credentials; its zero value is an
// instance without a role.
type roleCredentials struct{ p atomic.Pointer[credentials] }

// issue gives the instance its first credentials if its function has a role.
func (r *roleCredentials) issue(s *spec, now time.Time) {
	if s.Role != "" {
		r.p.Store(issueCredentials(now))
	}
}

// current returns the credentials for a request at now, renewed once half
// their life has passed; nil without a role.
func (r *roleCredentials) current(now time.Time) *credentials {
	for {
		c := r.p.Load()
		if c == nil || c.expiration.Sub(now) > credentialsTTL/2 {
			return c
		}
		if n := issueCredentials(now); r.p.CompareAndSwap(c, n) {
			return n
		}
	}
}

// environ adds the credentials to an instance's environment, as FC sets
// them when the instance starts.
func (c *credentials) environ(env map[string]string) map[string]string {
	if c == nil {
		return env
	}
	out := maps.Clone(env)
	if out == nil {
		out = map[string]string{}
	}
	out[fcspec.EnvAccessKeyID] = c.accessKeyID
	out[fcspec.EnvAccessKeySecret] = c.accessKeySecret
	out[fcspec.EnvSecurityToken] = c.securityToken
	return out
}

// set adds the credentials to a request's headers, as FC passes them on
// every request.
func (c *credentials) set(h http.Header) {
	if c == nil {
		return
	}
	h[fcspec.HeaderAccessKeyID] = []string{c.accessKeyID}
	h[fcspec.HeaderAccessKeySecret] = []string{c.accessKeySecret}
	h[fcspec.HeaderSecurityToken] = []string{c.securityToken}
}
