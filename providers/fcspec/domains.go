package fcspec

import (
	"fmt"
	"strings"
)

// Custom domains (FC-REFERENCE.md section 4; FC 3.0 API reference,
// CreateCustomDomainInput, CertConfig, TLSConfig, RouteConfig and
// PathConfig). In FC 3.0 a custom domain routes to a function directly,
// without depending on its HTTP trigger ("Comparison between Function
// Compute 3.0 and 2.0", custom domain names).
const (
	// Protocols of a custom domain.
	ProtocolHTTP      = "HTTP"
	ProtocolHTTPS     = "HTTPS"
	ProtocolHTTPHTTPS = "HTTP,HTTPS"

	// TLS versions of tlsConfig.minVersion and maxVersion.
	TLSv10 = "TLSv1.0"
	TLSv11 = "TLSv1.1"
	TLSv12 = "TLSv1.2"
	TLSv13 = "TLSv1.3"
	// DefaultTLSMinVersion is wsdeploy's minimum when a stack names none
	// (FC's console default; unconfirmed as the API's).
	DefaultTLSMinVersion = TLSv12
)

// Protocols lists a custom domain's protocols as FC spells them.
var Protocols = []string{ProtocolHTTP, ProtocolHTTPS, ProtocolHTTPHTTPS}

// TLSVersions lists tlsConfig's versions, oldest first.
var TLSVersions = []string{TLSv10, TLSv11, TLSv12, TLSv13}

// ServesHTTPS and ServesHTTP report what a domain's protocol accepts.
func ServesHTTPS(protocol string) bool { return strings.Contains(protocol, ProtocolHTTPS) }
func ServesHTTP(protocol string) bool {
	for _, p := range strings.Split(protocol, ",") {
		if p == ProtocolHTTP {
			return true
		}
	}
	return false
}

// A DNS name of at least two labels: letters, digits and '-', labels of
// 1 to 63 characters not starting or ending with '-'; a leading "*." for a
// wildcard domain.
var domainNameRE = lazyRE(`^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`)

// CheckDomainName validates a custom domain's name: a lower-case DNS name
// of at most 253 characters (FC 3.0 refuses others with InvalidArgument).
func CheckDomainName(name string) error {
	if len(name) > 253 || !domainNameRE().MatchString(name) {
		return fmt.Errorf("is %q; a custom domain is a lower-case DNS name with at least two labels, such as \"chat.example.com\"", name)
	}
	return nil
}

// CheckRoutePath validates a route's path: it starts with '/', and '*'
// may appear only as its last character, where it matches any rest of
// the path (FC's examples: "/login", "/api/*", "/*").
func CheckRoutePath(p string) error {
	switch {
	case !strings.HasPrefix(p, "/"):
		return fmt.Errorf("is %q; a route path starts with '/', such as \"/ws\" or \"/api/*\"", p)
	case strings.Contains(strings.TrimSuffix(p, "*"), "*"):
		return fmt.Errorf("is %q; '*' may only end a route path, where it matches the rest of the path, such as \"/api/*\"", p)
	case strings.ContainsAny(p, " ?#\t\r\n"):
		return fmt.Errorf("is %q; a route path has no spaces, query or fragment", p)
	}
	return nil
}

// MaxRoutes is the most routes one custom domain holds (ROS's
// ALIYUN::FC3::CustomDomain: "up to 100 routes"; unconfirmed for the API).
const MaxRoutes = 100

// MatchRoute returns the index of the route path among paths that serves
// the request path p, or -1 when none does. FC's rules ("Configure a
// custom domain name", https://www.alibabacloud.com/help/doc-detail/90763.htm):
// a path without '*' matches only itself exactly ("/a" does not match
// "/a/"); a path ending in '*' matches every path that starts with what
// precedes the '*' ("/login/*" matches "/login/a" and "/login/b/c/d", not
// "/login"); an exact match wins over any wildcard; among wildcards the
// longest prefix wins. Among equal paths the first listed wins
// (unconfirmed: the gateway refuses duplicate paths, see
// CheckDuplicateRoutes).
func MatchRoute(paths []string, p string) int {
	best, bestLen := -1, -1
	for i, rp := range paths {
		prefix, wild := strings.CutSuffix(rp, "*")
		switch {
		case !wild && rp == p:
			return i
		case wild && strings.HasPrefix(p, prefix) && len(prefix) > bestLen:
			best, bestLen = i, len(prefix)
		}
	}
	return best
}

// CheckDuplicateRoutes refuses two routes with the same path: only one
// could ever serve (FC's own refusal is unconfirmed).
func CheckDuplicateRoutes(paths []string) error {
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[p] {
			return fmt.Errorf("has path %q twice; each route needs its own path", p)
		}
		seen[p] = true
	}
	return nil
}
