package providers

import "context"

// CustomDomains is implemented by providers that manage FC's custom
// domains. It is separate from Provider so that plugins written before it
// keep compiling; the engine asks for it only when a stack declares a
// custom_domain (or owns one), and says so when the provider lacks it.
//
// FC keeps no tags on custom domains, so ownership is derived: a domain
// belongs to a stack when every route it has points to a function the
// stack owns (see internal/engine/plan).
type CustomDomains interface {
	// ListCustomDomains returns every custom domain of the account in the
	// provider's region.
	ListCustomDomains(ctx context.Context) ([]*CustomDomain, error)
	// GetCustomDomain returns one domain, or ErrNotFound.
	GetCustomDomain(ctx context.Context, name string) (*CustomDomain, error)
	CreateCustomDomain(ctx context.Context, d *CustomDomain) (*CustomDomain, error)
	// UpdateCustomDomain makes the domain named d.Name match d: FC merges
	// what an update leaves out, so the provider sends every field.
	UpdateCustomDomain(ctx context.Context, d *CustomDomain) (*CustomDomain, error)
	DeleteCustomDomain(ctx context.Context, name string) error
}

// CustomDomain is FC's custom domain as wsdeploy manages it.
type CustomDomain struct {
	Name     string // domainName, lower case
	Protocol string // fcspec.ProtocolHTTP, ProtocolHTTPS or ProtocolHTTPHTTPS
	// Cert is the HTTPS certificate; nil for HTTP alone. On reads FC
	// returns the certificate but never the private key.
	Cert   *Certificate
	TLS    *TLS     // nil: FC's defaults
	Routes []*Route // in FC's order: the first match wins among equals

	// Observed only.
	LastModified string
}

// Certificate is FC's certConfig. PrivateKey is a secret: masked in
// plans, logs and errors, and empty on reads.
type Certificate struct {
	Name        string // certName
	Certificate string // PEM, the chain from the leaf
	PrivateKey  string // PEM
}

// TLS is FC's tlsConfig.
type TLS struct {
	MinVersion   string // fcspec.TLSv10 ... TLSv13
	MaxVersion   string // "" for FC's newest
	CipherSuites []string
}

// Route maps a path of a custom domain to a function (FC's PathConfig).
type Route struct {
	Path      string   // "/ws", "/api/*"
	Function  string   // FC function name
	Qualifier string   // fcspec.QualifierLatest unless a version or alias
	Methods   []string // upper case; empty: every method
}

// Sessions is implemented by providers that expose FC's Session API for
// functions with session affinity.
type Sessions interface {
	// ListSessions returns a function's sessions, active and expired.
	ListSessions(ctx context.Context, function string) ([]*Session, error)
	// DeleteSession ends a session: its id no longer binds an instance.
	// A session the function does not have is ErrNotFound.
	DeleteSession(ctx context.Context, function, id string) error
}

// Session is one session of a function with session affinity (FC's
// Session).
type Session struct {
	ID           string
	Function     string
	Qualifier    string
	InstanceID   string // containerId: the instance the session is bound to
	AffinityType string // fcspec.AffinityHeaderField or AffinityCookie
	Status       string // fcspec.SessionActive or SessionExpired
	TTL          int    // seconds
	IdleTimeout  int    // seconds
	Created      string // RFC 3339
	LastModified string // RFC 3339
}
